namespace OnionGroove.Balancer.Publishing;

/// <summary>Exponential backoff with a cap and ±20 % jitter (so many services retrying after one
/// tor restart don't all hit the same second).</summary>
public sealed record Backoff(TimeSpan Initial, TimeSpan Max)
{
    public static Backoff Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    public TimeSpan Delay(int failures, Random? rng = null)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var ms = Initial.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        ms = Math.Min(ms, Max.TotalMilliseconds);
        var jitter = 0.8 + 0.4 * (rng ?? Random.Shared).NextDouble();
        return TimeSpan.FromMilliseconds(ms * jitter);
    }
}
