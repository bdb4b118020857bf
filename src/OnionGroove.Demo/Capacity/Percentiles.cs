namespace OnionGroove.Demo.Capacity;

/// <summary>Nearest-rank percentiles of a sample (null for an empty one).</summary>
internal static class Percentiles
{
    public static double? Of(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
