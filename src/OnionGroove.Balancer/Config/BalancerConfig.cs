namespace OnionGroove.Balancer.Config;

/// <summary>The whole balancer configuration: Onionbalance's <c>config.yaml</c> keys plus our
/// extensions. Paths are already made absolute (relative to the config file).</summary>
public sealed record BalancerConfig(
    string SourcePath,
    TorSettings Tor,
    MetricsSettings Metrics,
    IReadOnlyList<ServiceConfig> Services);

/// <summary>How to reach tor: attach to a control port/socket, or launch our own.</summary>
public sealed record TorSettings(
    string ControlEndpoint,
    string? ControlPassword,
    string? CookieFile,
    string? Executable,
    string? DataDirectory,
    IReadOnlyList<string> ExtraTorrcLines)
{
    public static TorSettings Default { get; } = new("127.0.0.1:9051", null, null, null, null, []);
    /// <summary>True when the balancer launches and supervises its own tor.</summary>
    public bool LaunchesTor => Executable is not null;
}

/// <summary>Metrics listener; <c>null</c> Listen turns it off.</summary>
public sealed record MetricsSettings(string? Listen)
{
    public const string DefaultListen = "127.0.0.1:9464";
}

/// <summary>One frontend onion service and its backends. <paramref name="KeyPath"/> names a secret key or a
/// signing bundle (told apart by content); <paramref name="FrontendAddress"/> (our optional <c>address:</c>, a
/// ServiceID without ".onion") is what that key must be for; <paramref name="BundleWarnDays"/> is the
/// top-level <c>bundle_warn_days</c>: how many days before a bundle runs out the log warns.</summary>
public sealed record ServiceConfig(
    int Line,
    string KeyPath,
    IReadOnlyList<InstanceConfig> Instances,
    IReadOnlyList<string> AuthorizedClientFiles,
    bool DistinctDescriptors,
    int IntroPointsPerInstance,
    int MaxIntroPoints,
    HealthCheckConfig? HealthCheck,
    string? FrontendAddress = null,
    int BundleWarnDays = ServiceConfig.DefaultBundleWarnDays)
{
    public const int DefaultBundleWarnDays = 7;
    /// <summary>Our <c>pow:</c> extension (off | on | follow).</summary>
    public PowMode Pow { get; init; } = PowMode.Off;
    /// <summary>Our <c>pow_backends_verify_frontend:</c> the operator states that the backends run a tor
    /// that verifies PoW solutions made for the frontend's blinded key (stock tor does not; docs/pow.md).
    /// Without it <see cref="Pow"/> on/follow publish no pow-params (<see cref="Selection.PowPolicy"/>).</summary>
    public bool PowBackendsVerifyFrontend { get; init; }
    /// <summary>Our <c>pow_min_effort:</c> the least suggested effort advertised when pow-params are published.</summary>
    public int PowMinEffort { get; init; }
}

/// <summary>One backend ("instance" in Onionbalance's words).</summary>
public sealed record InstanceConfig(int Line, string Address, string? Name, string? ClientKeyPath)
{
    public string DisplayName => Name ?? Address[..Math.Min(16, Address.Length)];
}

/// <summary>Active probing of a backend through tor (SOCKS connect to onion:port).</summary>
public sealed record HealthCheckConfig(int Port, TimeSpan Interval, TimeSpan Timeout, int FailuresBeforeDown);
