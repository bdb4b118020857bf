using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>`oniongroove balancer run` as a real process (signals, exit codes and stderr as systemd
/// sees them), killed by its pid on dispose if still running.</summary>
public sealed partial class DaemonProcess : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _log = new();

    private DaemonProcess(Process p) => _p = p;

    public static DaemonProcess Start(params string[] args)
    {
        var cli = typeof(CliApp).Assembly.Location; // oniongroove.dll beside the tests
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + cli);
        var d = new DaemonProcess(p);
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (d._log) d._log.AppendLine(e.Data); };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return d;
    }

    public string Log { get { lock (_log) return _log.ToString(); } }
    public bool HasExited => _p.HasExited;
    public int ExitCode => _p.ExitCode;

    public int Count(string text)
    {
        var log = Log;
        int n = 0, i = 0;
        while ((i = log.IndexOf(text, i, StringComparison.Ordinal)) >= 0) { n++; i += text.Length; }
        return n;
    }

    /// <summary>Waits until the log holds <paramref name="text"/> <paramref name="times"/> times (fails with the log otherwise).</summary>
    public Task WaitForAsync(string text, TimeSpan limit, int times = 1) =>
        Eventually.ValueAsync(() =>
            {
                var n = Count(text);
                if (n < times && _p.HasExited && Count(text) < times) Assert.Fail($"the daemon exited ({_p.ExitCode}) before logging '{text}'; log:\n{Log}");
                return n;
            },
            n => n >= times, $"'{text}' logged {times} time(s)", limit, describe: n => $"logged {n} time(s); log:\n{Log}");

    public void Signal(int signal) => Assert.Equal(0, kill(_p.Id, signal));

    public async Task<int> WaitExitAsync(TimeSpan limit)
    {
        try { await _p.WaitForExitAsync().WaitAsync(limit); }
        catch (TimeoutException) { Assert.Fail($"the daemon did not exit within {limit.TotalSeconds:0} s; log:\n{Log}"); }
        _p.WaitForExit(); // drains stderr
        return _p.ExitCode;
    }

    public const int SIGHUP = 1, SIGINT = 2, SIGTERM = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    public void Dispose()
    {
        try { if (!_p.HasExited) { _p.Kill(); _p.WaitForExit(10_000); } } catch (InvalidOperationException) { }
        _p.Dispose();
    }
}
