namespace OnionGroove.Balancer.Selection;

/// <summary>Chooses the intro points of one frontend descriptor fairly across backends.</summary>
public static class IntroPointSelector
{
    /// <summary>Round-robin over backends: every backend's first intro point, then every second one,
    /// … until <paramref name="max"/> are chosen or <paramref name="perBackendCap"/> (0 = no cap)
    /// is reached for each backend. <paramref name="rotation"/> shifts which backend goes first,
    /// so that when not all of them fit, successive descriptors include different ones.</summary>
    public static IReadOnlyList<T> Choose<T>(IReadOnlyList<BackendIntroPoints<T>> backends, int max, int perBackendCap = 0, int rotation = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var chosen = new List<T>(Math.Min(max, 64));
        if (backends.Count == 0 || max == 0) return chosen;
        var start = ((rotation % backends.Count) + backends.Count) % backends.Count;
        for (var round = 0; chosen.Count < max; round++)
        {
            if (perBackendCap > 0 && round >= perBackendCap) break;
            var any = false;
            for (var k = 0; k < backends.Count && chosen.Count < max; k++)
            {
                var b = backends[(start + k) % backends.Count];
                if (round < b.IntroPoints.Count) { chosen.Add(b.IntroPoints[round]); any = true; }
            }
            if (!any) break;
        }
        return chosen;
    }
}
