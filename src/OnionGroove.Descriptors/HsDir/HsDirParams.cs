using OnionGroove.Descriptors.Consensus;

namespace OnionGroove.Descriptors.HsDir;

/// <summary>Consensus parameters of the ring (rend-spec-v3 §2.2.3; param-spec), with tor's defaults and ranges.</summary>
public sealed record HsDirParams(int NReplicas = 2, int SpreadStore = 4, int SpreadFetch = 3)
{
    public static HsDirParams From(MicrodescConsensus c) => new(
        c.Param("hsdir_n_replicas", 2, 1, 16),
        c.Param("hsdir_spread_store", 4, 1, 128),
        c.Param("hsdir_spread_fetch", 3, 1, 128));
}
