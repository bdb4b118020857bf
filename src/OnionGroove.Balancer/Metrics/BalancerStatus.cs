namespace OnionGroove.Balancer.Metrics;

/// <summary>A point-in-time view of the balancer, rendered as Prometheus metrics and read back by
/// <c>oniongroove balancer status</c>.</summary>
public sealed record BalancerStatus(bool TorConnected, IReadOnlyList<ServiceStatus> Services);

/// <param name="Service">The frontend address.</param>
/// <param name="SigningBundleRunsOut">For a service signing with a bundle: when its last period ends and
/// nothing more can be signed (null for a service with its identity key).</param>
public sealed record ServiceStatus(
    ServiceId Service,
    int IntroPoints,
    int Descriptors,
    DateTimeOffset? LastSuccessfulPublish,
    IReadOnlyList<BackendStatus> Backends,
    IReadOnlyList<HsDirStatus> HsDirs,
    DateTimeOffset? SigningBundleRunsOut = null)
{
    /// <summary>What the frontend descriptors say about proof of work (withheld: <c>pow:</c> is on or
    /// follow but the backends are not stated to verify solutions for the frontend; docs/pow.md).</summary>
    public Selection.PowPublishing Pow { get; init; } = Selection.PowPublishing.Off;
}

/// <param name="Backend">The backend's address.</param>
/// <param name="PowEffort">The suggested effort of the backend's pow-params (null: its PoW defence is off).</param>
/// <param name="PowSeedAgeSeconds">How long ago the balancer first saw the backend's current PoW seed.</param>
public sealed record BackendStatus(ServiceId Backend, string Name, double? DescriptorAgeSeconds, int IntroPoints, bool Healthy, bool Published,
    long? PowEffort = null, double? PowSeedAgeSeconds = null);

/// <param name="Rejections">Of the failures, uploads the HSDir refused because it already held a
/// descriptor with a revision counter at least as high (another host, or an overlapping upload).</param>
public sealed record HsDirStatus(string Fingerprint, long Uploads, long Failures, DateTimeOffset? LastSuccess, long Rejections = 0);
