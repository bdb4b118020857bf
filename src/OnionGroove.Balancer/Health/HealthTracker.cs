namespace OnionGroove.Balancer.Health;

/// <summary>Health of one backend from probe results: down after N consecutive failures, up again
/// after one success (a recovered backend should get clients back quickly).</summary>
public sealed class HealthTracker(int failuresBeforeDown)
{
    private int _failures;

    public bool Healthy { get; private set; } = true;
    public DateTimeOffset? LastProbe { get; private set; }
    public string? LastDetail { get; private set; }

    /// <summary>Records a probe; returns true when the health state changed.</summary>
    public bool Record(bool reachable, string detail, DateTimeOffset now)
    {
        LastProbe = now;
        LastDetail = detail;
        var before = Healthy;
        if (reachable) { _failures = 0; Healthy = true; }
        else if (++_failures >= failuresBeforeDown) Healthy = false;
        return before != Healthy;
    }
}
