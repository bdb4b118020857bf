using OnionGroove.Balancer.Config;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Balancer.Selection;

/// <summary>Descriptors for backends with the proof-of-work defence on (docs/pow.md). A client solves
/// the puzzle with the one seed of the descriptor it fetched (tor, hs_client.c: it takes
/// <c>pow_params</c> of its cached descriptor) and a backend accepts only its own current or previous
/// seed (hs_pow.c, hs_pow_verify), so each descriptor lists only backends sharing one seed — in
/// practice one backend — and carries that seed's <c>pow-params</c>. Descriptors go to different
/// HSDirs among those clients fetch from, so at most that many seed groups are advertised per period
/// (6 with tor's defaults: 2 replicas × <c>hsdir_spread_fetch</c> 3); with more, a window of them
/// moves by <paramref name="rotation"/> at every plan so all get turns.</summary>
public static class PowPlan
{
    /// <summary>Null when no live backend advertises pow-params (or <paramref name="mode"/> is off):
    /// plan as without PoW. Otherwise the plan and, per group, the pow-params to publish with it (its
    /// suggested effort at least <paramref name="minEffort"/>). The caller passes the mode
    /// <see cref="PowPolicy.Effective"/> allows, never the configured one as is.</summary>
    public static (DescriptorPlan<T> Plan, IReadOnlyList<PowParams?> Pow)? Make<T>(PowMode mode,
        IReadOnlyList<BackendIntroPoints<T>> liveBackends, Func<string, PowParams?> powOf, IReadOnlyList<HsDirTarget> hsdirs,
        int maxPerDescriptor, int perBackendCap, int rotation, Func<T, string?>? relayOf, int minEffort = 0)
    {
        if (mode == PowMode.Off || !liveBackends.Any(b => powOf(b.BackendId) is not null)) return null;
        var bySeed = liveBackends.Where(b => powOf(b.BackendId) is not null)
            .GroupBy(b => Convert.ToBase64String(powOf(b.BackendId)!.Seed!), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(b => b.BackendId, StringComparer.Ordinal).ToList())
            .ToList();
        var slots = Math.Max(1, hsdirs.Count(h => h.ClientsFetchHere));
        var withoutPow = liveBackends.Where(b => powOf(b.BackendId) is null).OrderBy(b => b.BackendId, StringComparer.Ordinal).ToList();
        // Follow: backends without the defence keep being advertised, in one descriptor of their own.
        var plainGroups = mode == PowMode.Follow && withoutPow.Count > 0 ? 1 : 0;
        var room = Math.Max(1, slots - plainGroups);
        var chosen = bySeed.Count <= room ? bySeed
            : Enumerable.Range(0, room).Select(i => bySeed[(((rotation + i) % bySeed.Count) + bySeed.Count) % bySeed.Count]).ToList();
        if (plainGroups == 1 && slots == 1) plainGroups = 0; // one HSDir slot: PoW backends first

        var groups = new List<IReadOnlyList<T>>();
        var pows = new List<PowParams?>();
        foreach (var members in chosen)
        {
            groups.Add(Choose(members, maxPerDescriptor, perBackendCap, rotation, relayOf));
            pows.Add(PowPolicy.Advertised(Merge(members.Select(b => powOf(b.BackendId)!).ToList()), minEffort));
        }
        if (plainGroups == 1)
        {
            groups.Add(Choose(withoutPow, maxPerDescriptor, perBackendCap, rotation, relayOf));
            pows.Add(null);
        }
        var map = new Dictionary<HsDirId, int>();
        var n = 0;
        foreach (var h in hsdirs.Where(h => h.ClientsFetchHere).Concat(hsdirs.Where(h => !h.ClientsFetchHere)))
            map.TryAdd(h.Fingerprint, n++ % groups.Count);
        return (new DescriptorPlan<T>(groups, map), pows);
    }

    /// <summary>What changes a PoW plan apart from intro points: each live backend's seed, effort and
    /// expiry. A backend rotating its seed keeps its intro points, so this is what triggers the upload.</summary>
    public static string Key(PowMode mode, IEnumerable<(string BackendId, PowParams? Pow)> live) =>
        mode == PowMode.Off ? "" : string.Join(";", live.OrderBy(b => b.BackendId, StringComparer.Ordinal).Select(b => b.Pow is { Seed: { } seed } p
            ? $"{b.BackendId}={Convert.ToBase64String(seed)}/{p.SuggestedEffort}/{p.Expiration:O}" : b.BackendId + "=-"));

    private static IReadOnlyList<T> Choose<T>(IReadOnlyList<BackendIntroPoints<T>> members, int max, int cap, int rotation, Func<T, string?>? relayOf) =>
        IntroPointSelector.Choose(relayOf is null ? members : RelayDistinct.Filter(members, relayOf), max, cap, rotation);

    /// <summary>Backends sharing a seed (clones of one tor state) may differ in effort and expiry: the
    /// highest effort protects the busiest, the earliest expiry makes clients refetch in time.</summary>
    private static PowParams Merge(IReadOnlyList<PowParams> ps) =>
        ps[0] with { SuggestedEffort = ps.Max(p => p.SuggestedEffort ?? 0), Expiration = ps.Min(p => p.Expiration) };
}
