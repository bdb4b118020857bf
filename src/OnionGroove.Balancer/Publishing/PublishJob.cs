using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Descriptors.OuterLayer;

namespace OnionGroove.Balancer.Publishing;

/// <summary>One HSPOST to make: a descriptor for <paramref name="ServiceId"/> to the given HSDirs.</summary>
public sealed record PublishJob(ServiceId ServiceId, TimePeriod Period, RevisionCounter Revision, string Descriptor, IReadOnlyList<HsDirId> HsDirs);
