namespace OnionGroove.Descriptors.HsDir;

using OnionGroove.Crypto;
using OnionGroove.Descriptors.Consensus;
using OnionGroove.Crypto.Keys;

/// <summary>The hash ring for one (SRV, time period): HSDirs sorted by hsdir_index (rend-spec-v3 §2.2.3). Immutable.</summary>
public sealed class HsDirRing
{
    private readonly (byte[] Index, HsDirNode Node)[] _sorted;

    public HsDirRing(IEnumerable<HsDirNode> nodes, SharedRandomValue srv, TimePeriod period)
    {
        Period = period;
        Srv = srv;
        _sorted = nodes.Select(n => (HsDirIndexes.HsDirIndex(n.Ed25519Id, srv, period), n)).ToArray();
        Array.Sort(_sorted, (a, b) => a.Item1.AsSpan().SequenceCompareTo(b.Item1));
    }

    public TimePeriod Period { get; }
    public SharedRandomValue Srv { get; }
    public int Count => _sorted.Length;

    /// <summary>The HSDirs for a blinded key: for each replica 1..n, the first <paramref name="spread"/> distinct nodes at or
    /// after hs_index on the ring, wrapping around; a node already chosen for an earlier replica is skipped (tor's
    /// hs_get_responsible_hsdirs). The blinded key must be for <see cref="Period"/>.</summary>
    public IReadOnlyList<HsDirNode> Responsible(BlindedPublicKey blindedKey, int replicas, int spread)
    {
        var chosen = new List<HsDirNode>();
        if (_sorted.Length == 0) return chosen;
        for (int replica = 1; replica <= replicas; replica++)
        {
            var hsIndex = HsDirIndexes.HsIndex(blindedKey, replica, Period);
            int idx = LowerBound(hsIndex), start = idx, added = 0;
            while (added < spread)
            {
                var node = _sorted[idx].Node;
                if (!chosen.Contains(node)) { chosen.Add(node); added++; }
                if (++idx == _sorted.Length) idx = 0;
                if (idx == start) break;
            }
        }
        return chosen;
    }

    public IReadOnlyList<HsDirNode> Responsible(BlindedPublicKey blindedKey, HsDirParams p, bool forFetch = false) =>
        Responsible(blindedKey, p.NReplicas, forFetch ? p.SpreadFetch : p.SpreadStore);

    private int LowerBound(byte[] key)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (_sorted[mid].Index.AsSpan().SequenceCompareTo(key) < 0) lo = mid + 1; else hi = mid;
        }
        return lo == _sorted.Length ? 0 : lo;
    }
}
