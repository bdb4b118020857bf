namespace OnionGroove.Balancer.Daemon;

/// <summary>How often the balancer does things. The live network and test networks differ by
/// orders of magnitude (test networks have 8-minute time periods), so both sets are named here.</summary>
public sealed record BalancerTimings(
    TimeSpan BackendFetchInterval,
    TimeSpan BackendStaleAfter,
    TimeSpan RepublishInterval,
    TimeSpan UploadTimeout,
    TimeSpan ConsensusPoll,
    TimeSpan Tick)
{
    /// <summary>Live network: backends polled every 2 minutes (plus at once on HS_DESC events),
    /// descriptors re-uploaded hourly (tor itself re-uploads every 60–120 minutes).</summary>
    public static BalancerTimings Live { get; } = new(
        TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(60),
        TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));

    /// <summary>Test networks (TestingTorNetwork): everything scaled to 8-minute periods.</summary>
    public static BalancerTimings TestNetwork { get; } = new(
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(75), TimeSpan.FromMinutes(2),
        TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));
}
