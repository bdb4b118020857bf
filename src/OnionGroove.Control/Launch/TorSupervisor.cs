namespace OnionGroove.Control.Launch;

/// <summary>A tor of our own kept running (the balancer's, the mesh agent's): started through
/// <see cref="TorLauncher"/> in a private data directory with a control socket and cookie
/// authentication, started again whenever it exits (backing off when it dies at once), stopped on
/// dispose. Callers add only their own torrc lines (SocksPort, onion-service modes, the operator's).</summary>
public sealed class TorSupervisor : IAsyncDisposable
{
    private readonly TorLaunchOptions _launch;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private RunningTor? _tor;

    /// <param name="writtenBy">Who wrote the torrc, for its first line ("oniongroove balancer").</param>
    /// <param name="torrcLines">The caller's own lines, after the common ones (later lines win in tor).</param>
    public TorSupervisor(string executable, string dataDirectory, string writtenBy, IReadOnlyList<string> torrcLines, Action<string> log)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        _log = log;
        TorLauncher.CreatePrivateDirectory(DataDirectory);
        _launch = new TorLaunchOptions
        {
            TorPath = executable,
            TorrcPath = Torrc,
            TorrcLines = TorrcFor(DataDirectory, writtenBy, torrcLines),
            LogFile = LogFile,
            // Started means its control socket answers (and a refused torrc is reported with tor's words).
            ControlPortFile = Path.Combine(DataDirectory, "control.port"),
            OnStandardError = line => _log("tor: " + line),
        };
        _loop = Task.Run(SuperviseAsync);
    }

    /// <summary>The whole torrc of a tor supervised in <paramref name="dataDirectory"/>: the common lines, then the caller's.</summary>
    public static List<string> TorrcFor(string dataDirectory, string writtenBy, IReadOnlyList<string> torrcLines)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        return
        [
            $"# written by {writtenBy}; regenerated at every start",
            $"DataDirectory {dataDirectory}",
            $"ControlSocket {ControlSocketIn(dataDirectory)}",
            "CookieAuthentication 1",
            $"CookieAuthFile {Path.Combine(dataDirectory, "control_auth_cookie")}",
            $"Log notice file {Path.Combine(dataDirectory, "tor.log")}",
            "RunAsDaemon 0",
            // A client or our own onion services only: no reason to linger on shutdown (the launcher also ties it to our pid).
            "ShutdownWaitLength 0",
            .. torrcLines,
        ];
    }

    public string DataDirectory { get; }
    public string ControlSocket => ControlSocketIn(DataDirectory);
    public string CookieFile => Path.Combine(DataDirectory, "control_auth_cookie");
    public string Torrc => Path.Combine(DataDirectory, "torrc");
    public string LogFile => Path.Combine(DataDirectory, "tor.log");

    /// <summary>The control socket of a tor supervised in <paramref name="dataDirectory"/> (for a controller that connects before it exists).</summary>
    public static string ControlSocketIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "control");

    /// <summary>The running tor's pid, or null while it is down.</summary>
    public int? Pid => _tor is { HasExited: false } t ? t.Pid : null;

    /// <summary>How many times tor exited and was started again.</summary>
    public int Restarts { get; private set; }

    private async Task SuperviseAsync()
    {
        var backoff = FirstBackoff;
        while (!_stop.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            try
            {
                if ((await TorLauncher.StartAsync(_launch, _stop.Token).ConfigureAwait(false)).TryGet(out var tor, out var failure))
                {
                    _tor = tor;
                    _log($"started tor (pid {tor.Pid}) with data directory {DataDirectory}");
                    await tor.WaitForExitAsync(_stop.Token).ConfigureAwait(false);
                    _log($"tor (pid {tor.Pid}) exited with code {tor.ExitCode}; restarting");
                    Restarts++;
                    await tor.DisposeAsync().ConfigureAwait(false);
                }
                else _log($"cannot start tor ({_launch.TorPath}): {failure.Message}");
            }
            catch (OperationCanceledException) { break; }
            backoff = NextBackoff(backoff, DateTimeOffset.UtcNow - started);
            try { await Task.Delay(backoff, _stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { break; }
        }
    }

    internal static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    /// <summary>A tor that ran a while is started again quickly; one that dies at once waits twice as long each time, up to a minute.</summary>
    internal static TimeSpan NextBackoff(TimeSpan previous, TimeSpan ran) =>
        ran > MaxBackoff ? FirstBackoff : TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, MaxBackoff.Ticks));

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        if (_tor is { } tor) await tor.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
