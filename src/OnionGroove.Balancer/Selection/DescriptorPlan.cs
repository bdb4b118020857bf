using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Selection;

/// <summary>What to publish for one time period: one or more intro point sets and, for each HSDir,
/// which set it receives. With more backends than one descriptor can hold (20 intro points), the
/// backends are split into groups and each group's descriptor goes to different HSDirs, so every
/// backend gets clients ("distinct descriptors").</summary>
public sealed record DescriptorPlan<T>(IReadOnlyList<IReadOnlyList<T>> Groups, IReadOnlyDictionary<HsDirId, int> GroupOfHsDir)
{
    /// <param name="relayOf">The relay an intro point is on (see <see cref="RelayDistinct"/>); when
    /// given, each descriptor lists at most one intro point per relay and backends are grouped so
    /// that each has an intro point on a relay of its own within its group. Null: no relay rule.</param>
    public static DescriptorPlan<T> Make(IReadOnlyList<BackendIntroPoints<T>> liveBackends, IReadOnlyList<HsDirTarget> hsdirs,
        int maxPerDescriptor, int perBackendCap, bool distinct, int rotation = 0, Func<T, string?>? relayOf = null)
    {
        var ordered = liveBackends.OrderBy(b => b.BackendId, StringComparer.Ordinal).ToList();
        var groups = 1;
        var maxGroups = 1;
        if (distinct && ordered.Count > 1)
        {
            var wanted = ordered.Sum(b => perBackendCap > 0 ? Math.Min(perBackendCap, b.IntroPoints.Count) : b.IntroPoints.Count);
            groups = (wanted + maxPerDescriptor - 1) / maxPerDescriptor;
            if (relayOf is not null)
            {
                // One usable intro point per relay and descriptor: with R relays a descriptor gives
                // clients to at most R backends.
                var relays = ordered.SelectMany(b => b.IntroPoints).Select(relayOf).OfType<string>().Distinct(StringComparer.Ordinal).Count();
                var perGroup = Math.Max(1, Math.Min(maxPerDescriptor, relays));
                groups = Math.Max(groups, (ordered.Count + perGroup - 1) / perGroup);
            }
            // Only HSDirs that clients ask spread traffic; a group nobody fetches would starve.
            var slots = Math.Max(1, hsdirs.Count(h => h.ClientsFetchHere));
            maxGroups = Math.Min(slots, ordered.Count);
            groups = Math.Clamp(groups, 1, maxGroups);
        }

        List<BackendIntroPoints<T>>[] members;
        if (relayOf is null) members = RoundRobin(ordered, groups);
        else
        {
            // Balanced groups can leave a backend only relays its group-mates claimed first; one more
            // descriptor (while there are HSDirs clients ask) usually makes room.
            members = ByRelay(ordered, groups, relayOf, out var everyoneHasARelay);
            while (!everyoneHasARelay && groups < maxGroups)
            {
                var more = ByRelay(ordered, groups + 1, relayOf, out everyoneHasARelay);
                if (!everyoneHasARelay) break;
                members = more;
                groups++;
            }
        }
        var sets = members.Select(m => IntroPointSelector.Choose(relayOf is null ? m : RelayDistinct.Filter(m, relayOf),
            maxPerDescriptor, perBackendCap, rotation)).ToList();

        var map = new Dictionary<HsDirId, int>();
        var n = 0;
        foreach (var h in hsdirs.Where(h => h.ClientsFetchHere).Concat(hsdirs.Where(h => !h.ClientsFetchHere)))
            map.TryAdd(h.Fingerprint, n++ % groups);
        return new DescriptorPlan<T>(sets, map);
    }

    private static List<BackendIntroPoints<T>>[] RoundRobin(List<BackendIntroPoints<T>> ordered, int groups)
    {
        var members = Enumerable.Range(0, groups).Select(_ => new List<BackendIntroPoints<T>>()).ToArray();
        for (var i = 0; i < ordered.Count; i++) members[i % groups].Add(ordered[i]);
        return members;
    }

    /// <summary>Balanced groups in which every backend, if at all possible, has an intro point on a
    /// relay no other member of its group claimed first. Backends with the fewest relays choose
    /// first; each goes to the least filled group where one of its relays is still free.</summary>
    private static List<BackendIntroPoints<T>>[] ByRelay(List<BackendIntroPoints<T>> ordered, int groups, Func<T, string?> relayOf,
        out bool everyoneHasARelay)
    {
        everyoneHasARelay = true;
        var members = Enumerable.Range(0, groups).Select(_ => new List<BackendIntroPoints<T>>()).ToArray();
        var claimed = Enumerable.Range(0, groups).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var capacity = (ordered.Count + groups - 1) / groups;
        var byNeed = ordered.OrderBy(b => RelayDistinct.DistinctRelays(b, relayOf)).ThenBy(b => b.BackendId, StringComparer.Ordinal);
        foreach (var b in byNeed)
        {
            var open = Enumerable.Range(0, groups).Where(g => members[g].Count < capacity)
                .OrderBy(g => members[g].Count).ThenBy(g => g).ToList();
            var chosen = open[0];
            var placed = false;
            foreach (var g in open)
            {
                // The same rule RelayDistinct.Filter applies later, in the same order: the claim holds.
                var relay = b.IntroPoints.Select(relayOf).FirstOrDefault(r => r is not null && !claimed[g].Contains(r));
                if (relay is null) continue;
                chosen = g;
                claimed[g].Add(relay);
                placed = true;
                break;
            }
            if (!placed && b.IntroPoints.Any(ip => relayOf(ip) is not null)) everyoneHasARelay = false;
            members[chosen].Add(b);
        }
        // Keep the id order inside a group: IntroPointSelector's rotation walks it.
        foreach (var m in members) m.Sort((x, y) => string.CompareOrdinal(x.BackendId, y.BackendId));
        return members;
    }
}
