namespace OnionGroove.Balancer.Config;

/// <summary>A service's <c>pow:</c> setting (our extension; docs/pow.md): whether frontend descriptors
/// carry the backends' proof-of-work parameters (prop327 §2).</summary>
public enum PowMode
{
    /// <summary>No <c>pow-params</c> in frontend descriptors; every live backend can share a descriptor
    /// (what the balancer always did). The default: see docs/pow.md for why.</summary>
    Off,
    /// <summary>Backends advertising pow-params are grouped by seed, one descriptor per seed with that
    /// seed's pow-params; backends without pow-params share one descriptor without them.</summary>
    Follow,
    /// <summary>As <see cref="Follow"/>, but only backends advertising pow-params are published
    /// while at least one does.</summary>
    On,
}
