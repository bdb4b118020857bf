using System.Diagnostics;
using OnionGroove.Control;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Transport;

namespace OnionGroove.TestNetwork;

/// <summary>One tor process started from a generated torrc, with its control endpoint and the
/// credentials for it. Stopped by pid (SIGTERM, then SIGKILL) on dispose. Its log is
/// <see cref="LogPath"/> in its data directory.</summary>
public sealed class TorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _password;
    private readonly Queue<string> _stdout = new();

    public string Name { get; }
    public int Pid { get; }
    public string DataDirectory { get; }
    public string TorrcPath => Path.Combine(DataDirectory, "torrc");
    public string LogPath => Path.Combine(DataDirectory, "notice.log");
    public ControlEndpoint ControlEndpoint { get; private set; } = null!;
    /// <summary>The control socket endpoint when <see cref="TorProcessOptions.ControlSocket"/> was set.</summary>
    public ControlEndpoint? ControlSocketEndpoint { get; private set; }
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

    public bool HasExited => _disposed || _process.HasExited;
    private bool _disposed;

    private TorProcess(string name, string dataDirectory, Process process, TorControlAuthMode mode, string? password)
    {
        Name = name; DataDirectory = dataDirectory; _process = process; Pid = process.Id; AuthMode = mode; _password = password;
    }

    /// <summary>Writes DataDirectory/torrc (the given lines plus data directory, control port on
    /// 127.0.0.1:auto, log file, GeoIP off and __OwningControllerProcess so that tor exits if this
    /// process dies) and starts tor; returns once the control port accepts an authenticated connection.</summary>
    public static async Task<TorProcess> StartAsync(string name, string dataDirectory, IEnumerable<string> torrcLines,
        TorProcessOptions? options = null, CancellationToken ct = default)
    {
        options ??= new TorProcessOptions();
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var empty = Path.Combine(dataDirectory, "empty");
        await File.WriteAllTextAsync(empty, "", ct).ConfigureAwait(false);
        var portFile = Path.Combine(dataDirectory, "control-port");
        File.Delete(portFile);

        var lines = new List<string>
        {
            $"DataDirectory {dataDirectory}",
            "ControlPort 127.0.0.1:auto",
            $"ControlPortWriteToFile {portFile}",
            $"Log notice file {Path.Combine(dataDirectory, "notice.log")}",
            $"GeoIPFile {empty}",
            $"GeoIPv6File {empty}",
            $"__OwningControllerProcess {Environment.ProcessId}",
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
                lines.Add("HashedControlPassword " + await HashPasswordAsync(options.TorPath, options.ControlPassword, ct).ConfigureAwait(false));
                break;
        }
        lines.Add(options.Socks ? "SocksPort 127.0.0.1:auto IsolateSOCKSAuth ExtendedErrors" : "SocksPort 0");
        lines.AddRange(torrcLines);
        await File.WriteAllLinesAsync(Path.Combine(dataDirectory, "torrc"), lines, ct).ConfigureAwait(false);

        var psi = new ProcessStartInfo(options.TorPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add(Path.Combine(dataDirectory, "torrc"));
        var process = Process.Start(psi) ?? throw new TorNetworkException($"cannot start {options.TorPath}");
        var tor = new TorProcess(name, dataDirectory, process, options.ControlAuth, options.ControlPassword);
        process.OutputDataReceived += (_, e) => tor.KeepOutput(e.Data);
        process.ErrorDataReceived += (_, e) => tor.KeepOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await tor.WaitForControlPortAsync(portFile, options, ct).ConfigureAwait(false);
            if (options.Socks) tor.SocksPort = await tor.ReadSocksPortAsync(ct).ConfigureAwait(false);
            return tor;
        }
        catch
        {
            await tor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void KeepOutput(string? line)
    {
        if (line is null) return;
        lock (_stdout)
        {
            _stdout.Enqueue(line);
            while (_stdout.Count > 50) _stdout.Dequeue();
        }
    }

    private async Task WaitForControlPortAsync(string portFile, TorProcessOptions options, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + options.StartTimeout;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new TorNetworkException($"tor {Name} exited with code {_process.ExitCode} while starting\n{Diagnostics()}");
            if (File.Exists(portFile))
            {
                var text = await File.ReadAllTextAsync(portFile, ct).ConfigureAwait(false);
                var values = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var port = values.FirstOrDefault(l => l.StartsWith("PORT=", StringComparison.Ordinal));
                if (port is not null && text.EndsWith('\n'))
                {
                    ControlEndpoint = ControlEndpoint.Parse(port[5..]);
                    var unix = values.FirstOrDefault(l => l.StartsWith("UNIX_PORT=", StringComparison.Ordinal));
                    if (unix is not null) ControlSocketEndpoint = ControlEndpoint.ForUnix(unix[10..]);
                    return;
                }
            }
            if (DateTime.UtcNow > deadline)
                throw new TorNetworkException($"tor {Name} did not open its control port within {options.StartTimeout.TotalSeconds:0} s\n{Diagnostics()}");
            await Task.Delay(50, ct).ConfigureAwait(false);
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
    public string Diagnostics(int lines = 30)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"--- {Name} (pid {Pid}) {LogPath}");
        try
        {
            if (File.Exists(LogPath))
                foreach (var l in File.ReadLines(LogPath).TakeLast(lines)) sb.AppendLine(l);
        }
        catch (IOException) { }
        lock (_stdout)
            foreach (var l in _stdout.TakeLast(lines)) sb.AppendLine("stdout: " + l);
        return sb.ToString();
    }

    private static async Task<string> HashPasswordAsync(string torPath, string password, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(torPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--hash-password");
        psi.ArgumentList.Add(password);
        psi.ArgumentList.Add("--quiet");
        using var p = Process.Start(psi) ?? throw new TorNetworkException("cannot run tor --hash-password");
        var output = await p.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        return output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("16:", StringComparison.Ordinal))
               ?? throw new TorNetworkException("tor --hash-password printed no hash");
    }

    /// <summary>This relay's identity fingerprint (40 upper-case hex digits, GETINFO fingerprint).</summary>
    public async Task<string> FingerprintAsync(CancellationToken ct = default)
    {
        await using var c = await ConnectAsync(ct).ConfigureAwait(false);
        return (await c.GetInfoAsync("fingerprint", ct).ConfigureAwait(false)).Trim().ToUpperInvariant();
    }

    /// <summary>True between <see cref="Suspend"/> and <see cref="Resume"/>.</summary>
    public bool Suspended { get; private set; }

    /// <summary>Freezes tor (SIGSTOP to its pid): peers can still connect at the TCP level but get
    /// no answer, so whatever they ask of it times out. Dispose resumes it before stopping it.</summary>
    public void Suspend()
    {
        if (HasExited) throw new InvalidOperationException($"{this} has exited");
        if (!ProcessSignals.Stop(Pid)) throw new TorNetworkException($"cannot SIGSTOP {this}");
        Suspended = true;
    }

    /// <summary>Lets a suspended tor run again (SIGCONT).</summary>
    public void Resume()
    {
        if (!Suspended || HasExited) return;
        ProcessSignals.Continue(Pid);
        Suspended = false;
    }

    /// <summary>Stops tor: SIGTERM to its pid, SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (HasExited) return;
        // A stopped process keeps SIGTERM pending until it runs again.
        Resume();
        ProcessSignals.Terminate(Pid);
        using var cts = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(5));
        try { await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            try { _process.Kill(); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _process.Dispose();
    }

    public override string ToString() => $"tor {Name} (pid {Pid}, control {ControlEndpoint})";
}
