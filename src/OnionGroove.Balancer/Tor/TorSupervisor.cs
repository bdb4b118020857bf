using System.Diagnostics;

namespace OnionGroove.Balancer.Tor;

/// <summary>Launches and supervises the balancer's own tor: control socket + cookie auth in the
/// data directory, SocksPort for health checks, restarted with backoff whenever it exits. Stopped
/// by its pid on dispose.</summary>
public sealed class TorSupervisor : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _dataDirectory;
    private readonly IReadOnlyList<string> _extraTorrc;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private Process? _process;

    public string ControlSocket => Path.Combine(_dataDirectory, "control");
    public string CookieFile => Path.Combine(_dataDirectory, "control_auth_cookie");
    public string Torrc => Path.Combine(_dataDirectory, "torrc");
    public int Restarts { get; private set; }
    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public TorSupervisor(string executable, string dataDirectory, IReadOnlyList<string> extraTorrc, Action<string> log)
    {
        _executable = executable;
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _extraTorrc = extraTorrc;
        _log = log;
        Directory.CreateDirectory(_dataDirectory);
        File.SetUnixFileMode(_dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WriteTorrc();
        _loop = Task.Run(SuperviseAsync);
    }

    private void WriteTorrc()
    {
        var lines = new List<string>
        {
            "# written by oniongroove balancer; regenerated at every start",
            $"DataDirectory {_dataDirectory}",
            $"ControlSocket {ControlSocket}",
            "CookieAuthentication 1",
            $"CookieAuthFile {CookieFile}",
            "SocksPort 127.0.0.1:auto",
            $"Log notice file {Path.Combine(_dataDirectory, "tor.log")}",
            "RunAsDaemon 0",
            // Our tor is a client only: no reason to linger on shutdown, and it must not outlive us.
            "ShutdownWaitLength 0",
            $"__OwningControllerProcess {Environment.ProcessId}",
        };
        lines.AddRange(_extraTorrc);
        File.WriteAllLines(Torrc, lines);
    }

    private async Task SuperviseAsync()
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!_stop.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            try
            {
                var psi = new ProcessStartInfo(_executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                psi.ArgumentList.Add("-f"); psi.ArgumentList.Add(Torrc);
                psi.ArgumentList.Add("--defaults-torrc"); psi.ArgumentList.Add("/dev/null");
                // stdout is the same as the log file's content; drain it so tor never blocks on a full pipe.
                var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start tor");
                _process = p;
                p.OutputDataReceived += (_, _) => { };
                p.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d) _log("tor: " + d); };
                p.BeginOutputReadLine();
                p.BeginErrorReadLine();
                _log($"started tor (pid {p.Id}) with data directory {_dataDirectory}");
                await p.WaitForExitAsync(_stop.Token);
                _log($"tor (pid {p.Id}) exited with code {p.ExitCode}; restarting");
                Restarts++;
            }
            catch (OperationCanceledException) { break; }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                _log($"cannot start tor ({_executable}): {e.Message}");
            }
            // A tor that ran a while gets restarted quickly; one that dies at once backs off.
            backoff = DateTimeOffset.UtcNow - started > TimeSpan.FromMinutes(1) ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            try { await Task.Delay(backoff, _stop.Token); } catch (OperationCanceledException) { break; }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _loop; } catch (OperationCanceledException) { }
        if (_process is { } p)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill();
                    await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception) { }
            p.Dispose();
        }
        _stop.Dispose();
    }
}
