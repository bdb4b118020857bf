using OnionGroove.Control;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Launch;
using OnionGroove.Control.Transport;

namespace OnionGroove.TestNetwork;

/// <summary>One tor of a test network, started by <see cref="TorLauncher"/> from a generated torrc,
/// with its control endpoint and the credentials for it. Stopped by pid (SIGTERM, then SIGKILL) on
/// dispose. Its log is <see cref="LogPath"/> in its data directory.</summary>
public sealed class TorProcess : IAsyncDisposable
{
    private readonly RunningTor _tor;
    private readonly string? _password;

    public string Name { get; }
    public int Pid => _tor.Pid;
    public string DataDirectory { get; }
    public string TorrcPath => Path.Combine(DataDirectory, "torrc");
    public string LogPath => Path.Combine(DataDirectory, "notice.log");
    public ControlEndpoint ControlEndpoint => _tor.ControlEndpoint!;
    /// <summary>The control socket endpoint when <see cref="TorProcessOptions.ControlSocket"/> was set.</summary>
    public ControlEndpoint? ControlSocketEndpoint => _tor.ControlSocketEndpoint;
    public TorControlAuthMode AuthMode { get; }
    public string CookiePath => Path.Combine(DataDirectory, "control_auth_cookie");
    /// <summary>The SOCKS port on 127.0.0.1, when one was asked for.</summary>
    public int? SocksPort { get; private set; }

    /// <summary>How to authenticate to this tor's control port.</summary>
    public ControlAuth ControlAuth => AuthMode switch
    {
        TorControlAuthMode.Cookie => ControlAuth.SafeCookie(CookiePath),
        TorControlAuthMode.Password => ControlAuth.Password(_password!),
        _ => ControlAuth.None,
    };

    public bool HasExited => _tor.HasExited;

    private TorProcess(string name, string dataDirectory, RunningTor tor, TorControlAuthMode mode, string? password)
    {
        Name = name; DataDirectory = dataDirectory; _tor = tor; AuthMode = mode; _password = password;
    }

    /// <summary>Writes DataDirectory/torrc (the given lines plus data directory, control port on
    /// 127.0.0.1:auto, log file, GeoIP off) and starts tor; returns once the control port accepts
    /// an authenticated connection.</summary>
    public static async Task<TorProcess> StartAsync(string name, string dataDirectory, IEnumerable<string> torrcLines,
        TorProcessOptions? options = null, CancellationToken ct = default)
    {
        options ??= new TorProcessOptions();
        TorLauncher.CreatePrivateDirectory(dataDirectory);
        var empty = Path.Combine(dataDirectory, "empty");
        await File.WriteAllTextAsync(empty, "", ct).ConfigureAwait(false);

        var lines = new List<string>
        {
            $"DataDirectory {dataDirectory}",
            "ControlPort 127.0.0.1:auto",
            $"Log notice file {Path.Combine(dataDirectory, "notice.log")}",
            $"GeoIPFile {empty}",
            $"GeoIPv6File {empty}",
            "ShutdownWaitLength 0",
            "SafeLogging 0",
        };
        if (options.ControlSocket) lines.Add($"ControlSocket {Path.Combine(dataDirectory, "c")}");
        switch (options.ControlAuth)
        {
            case TorControlAuthMode.Cookie:
                lines.Add("CookieAuthentication 1");
                break;
            case TorControlAuthMode.Password:
                if (options.ControlPassword is null) throw new ArgumentException("Password mode needs ControlPassword");
                var hash = await TorLauncher.HashPasswordAsync(options.TorPath, options.ControlPassword, ct).ConfigureAwait(false);
                lines.Add("HashedControlPassword " + (hash.IsSuccess ? hash.Value : throw new TorNetworkException(hash.Error.ToString())));
                break;
        }
        lines.Add(options.Socks ? "SocksPort 127.0.0.1:auto IsolateSOCKSAuth ExtendedErrors" : "SocksPort 0");
        lines.AddRange(torrcLines);

        var started = await TorLauncher.StartAsync(new TorLaunchOptions
        {
            TorPath = options.TorPath,
            TorrcPath = Path.Combine(dataDirectory, "torrc"),
            TorrcLines = lines,
            WorkingDirectory = dataDirectory,
            ControlPortFile = Path.Combine(dataDirectory, "control-port"),
            LogFile = Path.Combine(dataDirectory, "notice.log"),
            StartTimeout = options.StartTimeout,
            OutputLines = 50,
        }, ct).ConfigureAwait(false);
        if (!started.TryGet(out var running, out var failure))
            throw new TorNetworkException($"tor {name}: {failure.Message}\n--- {name}\n{failure.Log}");
        var tor = new TorProcess(name, dataDirectory, running, options.ControlAuth, options.ControlPassword);
        try
        {
            if (options.Socks) tor.SocksPort = await tor.ReadSocksPortAsync(ct).ConfigureAwait(false);
            return tor;
        }
        catch
        {
            await tor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<int> ReadSocksPortAsync(CancellationToken ct)
    {
        await using var c = await ConnectAsync(ct).ConfigureAwait(false);
        // e.g. "127.0.0.1:40123" (quoted, space-separated when several)
        var listeners = await c.GetInfoAsync("net/listeners/socks", ct).ConfigureAwait(false);
        var first = listeners.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim('"');
        if (first is null || !System.Net.IPEndPoint.TryParse(first, out var ep))
            throw new TorNetworkException($"tor {Name} reports no SOCKS listener: {listeners}");
        return ep.Port;
    }

    /// <summary>A new authenticated controller for this tor (the caller disposes it).</summary>
    public Task<TorController> ConnectAsync(CancellationToken ct = default) =>
        TorController.ConnectAsync(ControlEndpoint, ControlAuth, null, ct);

    /// <summary>The last lines of the log file and of stdout, for failure messages.</summary>
    public string Diagnostics(int lines = 30) => $"--- {Name} (pid {Pid})\n" + _tor.Diagnostics(lines);

    /// <summary>This relay's identity fingerprint (40 upper-case hex digits, GETINFO fingerprint).</summary>
    public async Task<string> FingerprintAsync(CancellationToken ct = default)
    {
        await using var c = await ConnectAsync(ct).ConfigureAwait(false);
        return (await c.GetInfoAsync("fingerprint", ct).ConfigureAwait(false)).Trim().ToUpperInvariant();
    }

    /// <summary>True between <see cref="Suspend"/> and <see cref="Resume"/>.</summary>
    public bool Suspended => _tor.Suspended;

    /// <summary>Freezes tor (SIGSTOP to its pid): peers can still connect at the TCP level but get
    /// no answer, so whatever they ask of it times out. Dispose resumes it before stopping it.</summary>
    public void Suspend()
    {
        if (HasExited) throw new InvalidOperationException($"{this} has exited");
        if (!_tor.Suspend()) throw new TorNetworkException($"cannot SIGSTOP {this}");
    }

    /// <summary>Lets a suspended tor run again (SIGCONT).</summary>
    public void Resume() => _tor.Resume();

    /// <summary>Stops tor: SIGTERM to its pid, SIGKILL after <paramref name="grace"/>.</summary>
    public Task StopAsync(TimeSpan? grace = null) => _tor.StopAsync(grace);

    public ValueTask DisposeAsync() => _tor.DisposeAsync();

    public override string ToString() => $"tor {Name} (pid {Pid}, control {ControlEndpoint})";
}
