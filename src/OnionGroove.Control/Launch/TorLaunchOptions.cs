namespace OnionGroove.Control.Launch;

/// <summary>How <see cref="TorLauncher"/> starts one tor: which torrc, which extra options, and
/// what "ready" means.</summary>
public sealed record TorLaunchOptions
{
    /// <summary>The tor binary (Debian: /usr/bin/tor via PATH).</summary>
    public string TorPath { get; init; } = "tor";

    /// <summary>The torrc tor reads (<c>-f</c>). Written from <see cref="TorrcLines"/> when those are given.</summary>
    public required string TorrcPath { get; init; }

    /// <summary>The torrc's content, one option a line; null to use an existing file.</summary>
    public IReadOnlyList<string>? TorrcLines { get; init; }

    /// <summary>Options on the command line, after the torrc (they override it): "--DisableNetwork", "1", ….</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Where tor runs (relative paths in the torrc resolve from here); default: ours.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>When set, tor writes its control listeners here (ControlPortWriteToFile) and the start
    /// returns only once they are open; the endpoints are on <see cref="RunningTor.ControlEndpoint"/>.</summary>
    public string? ControlPortFile { get; init; }

    /// <summary>tor's log file (a "Log … file" line of the torrc), quoted in failure messages.</summary>
    public string? LogFile { get; init; }

    /// <summary>How long tor has to open its control port (or to satisfy a wait).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long tor has to exit after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many lines of tor's stdout and stderr are kept for <see cref="RunningTor.Output"/>.</summary>
    public int OutputLines { get; init; } = 200;

    /// <summary>Called with each line tor writes to stderr (tor's own failures before logging is set up).</summary>
    public Action<string>? OnStandardError { get; init; }
}
