using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Publishing;

/// <summary>One HSPOST to make: a descriptor for <paramref name="ServiceId"/> to the given HSDirs.</summary>
public sealed record PublishJob(ServiceId ServiceId, TimePeriod Period, ulong Revision, string Descriptor, IReadOnlyList<HsDirId> HsDirs);
