using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Selection;

/// <summary>One HSDir a descriptor is stored on. <see cref="ClientsFetchHere"/> is true when it is
/// among the first <c>hsdir_spread_fetch</c> of a replica, i.e. clients actually ask it
/// (rend-spec §2.2.3); the others only hold copies for when those fail.</summary>
public sealed record HsDirTarget(HsDirId Fingerprint, int Replica, int Position, bool ClientsFetchHere);
