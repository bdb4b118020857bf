using OnionGroove.Control.Launch;

namespace OnionGroove.Balancer.Tor;

/// <summary>Launches and supervises the balancer's own tor (through <see cref="TorLauncher"/>):
/// control socket + cookie auth in the data directory, SocksPort for health checks, restarted with
/// backoff whenever it exits. Stopped by its pid on dispose.</summary>
public sealed class TorSupervisor : IAsyncDisposable
{
    private readonly TorLaunchOptions _launch;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private RunningTor? _tor;

    public string ControlSocket => Path.Combine(DataDirectory, "control");
    public string CookieFile => Path.Combine(DataDirectory, "control_auth_cookie");
    public string Torrc => Path.Combine(DataDirectory, "torrc");
    private string DataDirectory { get; }
    public int Restarts { get; private set; }
    public int? Pid => _tor is { HasExited: false } t ? t.Pid : null;

    public TorSupervisor(string executable, string dataDirectory, IReadOnlyList<string> extraTorrc, Action<string> log)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        _log = log;
        TorLauncher.CreatePrivateDirectory(DataDirectory);
        _launch = new TorLaunchOptions
        {
            TorPath = executable,
            TorrcPath = Torrc,
            TorrcLines = TorrcLines(extraTorrc),
            LogFile = Path.Combine(DataDirectory, "tor.log"),
            OnStandardError = line => _log("tor: " + line),
        };
        _loop = Task.Run(SuperviseAsync);
    }

    private List<string> TorrcLines(IReadOnlyList<string> extraTorrc) =>
    [
        "# written by oniongroove balancer; regenerated at every start",
        $"DataDirectory {DataDirectory}",
        $"ControlSocket {ControlSocket}",
        "CookieAuthentication 1",
        $"CookieAuthFile {CookieFile}",
        "SocksPort 127.0.0.1:auto",
        $"Log notice file {Path.Combine(DataDirectory, "tor.log")}",
        "RunAsDaemon 0",
        // Our tor is a client only: no reason to linger on shutdown (the launcher also ties it to our pid).
        "ShutdownWaitLength 0",
        .. extraTorrc,
    ];

    private async Task SuperviseAsync()
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!_stop.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            try
            {
                var launched = await TorLauncher.StartAsync(_launch, _stop.Token);
                if (launched.TryGet(out var tor, out var failure))
                {
                    _tor = tor;
                    _log($"started tor (pid {tor.Pid}) with data directory {DataDirectory}");
                    await tor.WaitForExitAsync(_stop.Token);
                    _log($"tor (pid {tor.Pid}) exited with code {tor.ExitCode}; restarting");
                    Restarts++;
                    await tor.DisposeAsync();
                }
                else _log($"cannot start tor ({_launch.TorPath}): {failure.Message}");
            }
            catch (OperationCanceledException) { break; }
            // A tor that ran a while gets restarted quickly; one that dies at once backs off.
            backoff = DateTimeOffset.UtcNow - started > TimeSpan.FromMinutes(1) ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            try { await Task.Delay(backoff, _stop.Token); } catch (OperationCanceledException) { break; }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _loop; } catch (OperationCanceledException) { }
        if (_tor is { } tor) await tor.DisposeAsync();
        _stop.Dispose();
    }
}
