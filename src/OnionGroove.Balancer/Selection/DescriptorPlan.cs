namespace OnionGroove.Balancer.Selection;

/// <summary>What to publish for one time period: one or more intro point sets and, for each HSDir,
/// which set it receives. With more backends than one descriptor can hold (20 intro points), the
/// backends are split into groups and each group's descriptor goes to different HSDirs, so every
/// backend gets clients ("distinct descriptors").</summary>
public sealed record DescriptorPlan<T>(IReadOnlyList<IReadOnlyList<T>> Groups, IReadOnlyDictionary<string, int> GroupOfHsDir)
{
    public static DescriptorPlan<T> Make(IReadOnlyList<BackendIntroPoints<T>> liveBackends, IReadOnlyList<HsDirTarget> hsdirs,
        int maxPerDescriptor, int perBackendCap, bool distinct, int rotation = 0)
    {
        var ordered = liveBackends.OrderBy(b => b.BackendId, StringComparer.Ordinal).ToList();
        var groups = 1;
        if (distinct && ordered.Count > 1)
        {
            var wanted = ordered.Sum(b => perBackendCap > 0 ? Math.Min(perBackendCap, b.IntroPoints.Count) : b.IntroPoints.Count);
            groups = (wanted + maxPerDescriptor - 1) / maxPerDescriptor;
            // Only HSDirs that clients ask spread traffic; a group nobody fetches would starve.
            var slots = Math.Max(1, hsdirs.Count(h => h.ClientsFetchHere));
            groups = Math.Clamp(groups, 1, Math.Min(slots, ordered.Count));
        }

        var members = Enumerable.Range(0, groups).Select(_ => new List<BackendIntroPoints<T>>()).ToArray();
        for (var i = 0; i < ordered.Count; i++) members[i % groups].Add(ordered[i]);
        var sets = members.Select(m => IntroPointSelector.Choose(m, maxPerDescriptor, perBackendCap, rotation)).ToList();

        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var n = 0;
        foreach (var h in hsdirs.Where(h => h.ClientsFetchHere).Concat(hsdirs.Where(h => !h.ClientsFetchHere)))
            map.TryAdd(h.Fingerprint, n++ % groups);
        return new DescriptorPlan<T>(sets, map);
    }
}
