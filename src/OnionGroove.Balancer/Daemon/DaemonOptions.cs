namespace OnionGroove.Balancer.Daemon;

/// <summary>Command-line overrides of the configuration file for <c>balancer run</c>.</summary>
public sealed record DaemonOptions
{
    public required string ConfigPath { get; init; }
    /// <summary>Launch and supervise this tor instead of attaching to tor.control.</summary>
    public string? TorExecutable { get; init; }
    public string? TorDataDirectory { get; init; }
    /// <summary>Replaces tor.control from the file.</summary>
    public string? ControlEndpoint { get; init; }
    /// <summary>Replaces metrics.listen ("off" disables it).</summary>
    public string? MetricsListen { get; init; }
    /// <summary>Force test-network timings (otherwise chosen from tor's TestingTorNetwork).</summary>
    public bool? TestNetwork { get; init; }
}
