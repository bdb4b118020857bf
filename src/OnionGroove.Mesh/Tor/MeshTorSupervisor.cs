using OnionGroove.Control.Launch;

namespace OnionGroove.Mesh.Tor;

/// <summary>The agent's own tor (launch mode), started through <see cref="TorLauncher"/> in the
/// node's tor/ directory and started again whenever it exits (back-off when it dies at once).
/// The agent's control connection reconnects on its own and re-applies the node.</summary>
public sealed class MeshTorSupervisor : IAsyncDisposable
{
    private readonly TorLaunchOptions _launch;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private RunningTor? _tor;

    public MeshTorSupervisor(string executable, string torDirectory, IReadOnlyList<string> torrcLines, Action<string> log)
    {
        _log = log;
        TorLauncher.CreatePrivateDirectory(torDirectory);
        _launch = new TorLaunchOptions
        {
            TorPath = executable,
            TorrcPath = Path.Combine(torDirectory, "torrc"),
            TorrcLines = torrcLines,
            LogFile = Path.Combine(torDirectory, "tor.log"),
            // Started means its control socket answers (and a refused torrc is reported with tor's words).
            ControlPortFile = Path.Combine(torDirectory, "control.port"),
            OnStandardError = line => _log("tor: " + line),
        };
        _loop = Task.Run(SuperviseAsync);
    }

    /// <summary>The running tor's pid, or null while it is down.</summary>
    public int? Pid => _tor is { HasExited: false } t ? t.Pid : null;

    public int Restarts { get; private set; }

    private async Task SuperviseAsync()
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!_stop.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            try
            {
                if ((await TorLauncher.StartAsync(_launch, _stop.Token)).TryGet(out var tor, out var failure))
                {
                    _tor = tor;
                    _log($"started tor (pid {tor.Pid})");
                    await tor.WaitForExitAsync(_stop.Token);
                    _log($"tor (pid {tor.Pid}) exited with code {tor.ExitCode}; starting it again");
                    Restarts++;
                    await tor.DisposeAsync();
                }
                else _log($"cannot start tor ({_launch.TorPath}): {failure.Message}");
            }
            catch (OperationCanceledException) { break; }
            backoff = DateTimeOffset.UtcNow - started > TimeSpan.FromMinutes(1) ? TimeSpan.FromSeconds(1)
                : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
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
