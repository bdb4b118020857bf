using OnionGroove.Probe.Checks;

namespace OnionGroove.Probe.Network;

/// <summary>What one responsible HSDir answered to HSFETCH SERVER=: whether it had the descriptor,
/// how long it took, and the checks of what it served. <see cref="ClientsFetchHere"/> marks the
/// first hsdir_spread_fetch of a replica, the ones clients ask (rend-spec-v3 §2.2.3).</summary>
public sealed record HsDirResult(
    string Fingerprint,
    bool ClientsFetchHere,
    bool Answered,
    double LatencySeconds,
    string? Error,
    DescriptorReview? Descriptor)
{
    /// <summary>It served a descriptor a client could use.</summary>
    public bool Usable => Answered && Descriptor is { Usable: true };
    public ulong? RevisionCounter => Descriptor?.Facts?.RevisionCounter;
}
