namespace OnionGroove.Balancer.Selection;

/// <summary>At most one intro point per relay in a descriptor. A tor client tells a descriptor's
/// intro points apart by relay: when its intro circuit opens it takes the first intro point listed
/// with that relay's legacy identity (tor, hs_client.c, setup_intro_circ_auth_key), so a second
/// intro point on the same relay, usually another backend's, never gets a client. Few relays and
/// many backends make this certain (a test network has about eight relays); on the live network it
/// is rare but costs the same when it happens.</summary>
public static class RelayDistinct
{
    /// <summary>Drops intro points whose relay is already used by a kept one. Backends take turns
    /// (everyone's first usable intro point before anyone's second), backends with fewer distinct
    /// relays first so they are not crowded out. Independent of any rotation: the kept set changes
    /// only when the backends' intro points do, so it causes no uploads of its own. Intro points
    /// whose relay is unknown (<paramref name="relayOf"/> returns null) are kept.</summary>
    public static IReadOnlyList<BackendIntroPoints<T>> Filter<T>(IReadOnlyList<BackendIntroPoints<T>> backends, Func<T, string?> relayOf)
    {
        var order = Enumerable.Range(0, backends.Count)
            .OrderBy(i => DistinctRelays(backends[i], relayOf))
            .ThenBy(i => backends[i].BackendId, StringComparer.Ordinal)
            .ToList();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var kept = backends.Select(_ => new List<T>()).ToArray();
        var cursor = new int[backends.Count];
        for (var progress = true; progress;)
        {
            progress = false;
            foreach (var i in order)
            {
                var ips = backends[i].IntroPoints;
                while (cursor[i] < ips.Count)
                {
                    var ip = ips[cursor[i]++];
                    if (relayOf(ip) is { } relay && !taken.Add(relay)) continue;
                    kept[i].Add(ip);
                    progress = true;
                    break;
                }
            }
        }
        return backends.Select((b, i) => b with { IntroPoints = kept[i] }).ToList();
    }

    /// <summary>How many different relays a backend's intro points are on.</summary>
    public static int DistinctRelays<T>(BackendIntroPoints<T> backend, Func<T, string?> relayOf) =>
        backend.IntroPoints.Select(ip => relayOf(ip) ?? "?" + ip!.GetHashCode()).Distinct(StringComparer.Ordinal).Count();
}
