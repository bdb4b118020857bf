namespace OnionGroove.Balancer.Daemon;

/// <summary>One HSPOST to make: a descriptor for <paramref name="ServiceId"/> to the given HSDirs.</summary>
public sealed record PublishJob(string ServiceId, long Period, ulong Revision, string Descriptor, IReadOnlyList<string> HsDirs);
