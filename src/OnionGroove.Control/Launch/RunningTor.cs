using System.Diagnostics;
using System.Text;
using OnionGroove.Control.Transport;
using OnionGroove.Core;

namespace OnionGroove.Control.Launch;

/// <summary>A tor started by <see cref="TorLauncher"/>: its pid, the control listeners it opened,
/// the end of what it printed, waits that fail as soon as tor exits, and a clean stop (SIGTERM,
/// then SIGKILL after <see cref="TorLaunchOptions.StopTimeout"/>). Always signalled by its pid.</summary>
public sealed class RunningTor : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TorLaunchOptions _options;
    private readonly Queue<string> _output = new();
    private readonly Task _exited;
    private bool _disposed;

    internal RunningTor(Process process, TorLaunchOptions options)
    {
        _process = process;
        _options = options;
        Pid = process.Id;
        _exited = process.WaitForExitAsync();
    }

    public int Pid { get; }

    /// <summary>The first TCP control listener (when <see cref="TorLaunchOptions.ControlPortFile"/> was set and tor has one).</summary>
    public ControlEndpoint? ControlEndpoint { get; private set; }

    /// <summary>The first control socket (when <see cref="TorLaunchOptions.ControlPortFile"/> was set and tor has one).</summary>
    public ControlEndpoint? ControlSocketEndpoint { get; private set; }

    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>tor's exit code, once it has exited.</summary>
    public int? ExitCode => _disposed ? _exitCode : _process.HasExited ? _process.ExitCode : null;
    private int? _exitCode;

    /// <summary>True between <see cref="Suspend"/> and <see cref="Resume"/>.</summary>
    public bool Suspended { get; private set; }

    /// <summary>The lines tor printed on stdout and stderr (the last <see cref="TorLaunchOptions.OutputLines"/>).</summary>
    public string Output
    {
        get { lock (_output) return string.Concat(_output.Select(l => l + "\n")); }
    }

    internal void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > _options.OutputLines) _output.Dequeue();
        }
    }

    public Task WaitForExitAsync(CancellationToken ct = default) => _process.WaitForExitAsync(ct);

    /// <summary>Polls <paramref name="probe"/> until it returns a value; fails as soon as tor exits
    /// (after one last probe) or when <paramref name="timeout"/> runs out, quoting tor's complaint.
    /// <paramref name="what"/> names the awaited thing in that message ("its control port").</summary>
    public Task<Result<T, TorLaunchFailure>> WaitForAsync<T>(Func<T?> probe, string what, TimeSpan timeout,
        CancellationToken ct = default) where T : class =>
        WaitForAsync(_ => Task.FromResult(probe()), what, timeout, ct);

    /// <summary><see cref="WaitForAsync{T}(Func{T}, string, TimeSpan, CancellationToken)"/> with a probe that talks to tor.</summary>
    public async Task<Result<T, TorLaunchFailure>> WaitForAsync<T>(Func<CancellationToken, Task<T?>> probe, string what, TimeSpan timeout,
        CancellationToken ct = default) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var exited = HasExited;
            // Its last words may still be in the pipe once it has exited: read them all first.
            if (exited && !_disposed) await Task.WhenAny(_exited, Task.Delay(TimeSpan.FromSeconds(5), ct)).ConfigureAwait(false);
            if (await probe(ct).ConfigureAwait(false) is { } value) return value;
            if (exited)
                return Failure(TorLaunchFailureKind.Exited, $"tor (pid {Pid}) exited{(ExitCode is { } c ? $" with code {c}" : "")} while we waited for {what}");
            if (clock.Elapsed > timeout)
                return Failure(TorLaunchFailureKind.TimedOut, $"tor (pid {Pid}) runs, but {what} did not come within {timeout.TotalSeconds:0.#} s");
            // Look again shortly, or at once when tor exits.
            await Task.WhenAny(_exited, Task.Delay(50, ct)).ConfigureAwait(false);
        }
    }

    internal async Task<TorLaunchFailure?> WaitForControlPortAsync(string file, CancellationToken ct)
    {
        // tor writes the file while it still sets itself up: ready is when it answers PROTOCOLINFO
        // (allowed before authentication, control-spec §3.21), i.e. its main loop runs and a
        // SIGTERM from now on is handled as a clean shutdown.
        var answered = await WaitForAsync(async token => ControlPortFile.TryRead(file) is { } l && await AnswersAsync(l, token).ConfigureAwait(false) ? l : null,
            "its control port", _options.StartTimeout, ct).ConfigureAwait(false);
        if (!answered.TryGet(out var listeners, out var failure)) return failure;
        (ControlEndpoint, ControlSocketEndpoint) = (listeners.Tcp, listeners.Unix);
        return null;
    }

    private static async Task<bool> AnswersAsync(ControlListeners listeners, CancellationToken ct)
    {
        using var quick = CancellationTokenSource.CreateLinkedTokenSource(ct);
        quick.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var c = await TorControlConnection.ConnectAsync((listeners.Tcp ?? listeners.Unix)!, null, quick.Token).ConfigureAwait(false);
            return (await c.SendAsync("PROTOCOLINFO 1", null, quick.Token).ConfigureAwait(false)).IsSuccess;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or Protocol.ControlProtocolException
                                      or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    internal TorLaunchFailure Failure(TorLaunchFailureKind kind, string message)
    {
        var complaint = Complaint();
        return new TorLaunchFailure(kind, complaint.Length == 0 ? message : message + ": " + complaint, Diagnostics());
    }

    /// <summary>tor's own explanation: its last [err] and [warn] lines (a refused torrc says why there).</summary>
    private string Complaint()
    {
        var lines = LogLines(200).Concat(OutputLines())
            .Where(l => l.Contains("[err]", StringComparison.Ordinal) || l.Contains("[warn]", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf('[')..].Trim()).Distinct().TakeLast(4); // without the timestamp
        return string.Join(" | ", lines);
    }

    private string[] OutputLines() { lock (_output) return [.. _output]; }

    private IEnumerable<string> LogLines(int lines)
    {
        if (_options.LogFile is not { } log) return [];
        try { return File.Exists(log) ? File.ReadLines(log).TakeLast(lines).ToList() : []; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    /// <summary>The last lines of tor's log file and of its output, for failure messages.</summary>
    public string Diagnostics(int lines = 30)
    {
        var sb = new StringBuilder();
        if (_options.LogFile is { } log)
        {
            sb.AppendLine($"--- {log}");
            foreach (var l in LogLines(lines)) sb.AppendLine(l);
        }
        foreach (var l in OutputLines().TakeLast(lines)) sb.AppendLine("stdout: " + l);
        return sb.ToString();
    }

    /// <summary>Freezes tor (SIGSTOP): peers can still connect at the TCP level but get no answer,
    /// like a host that hangs. Stopping resumes it first.</summary>
    public bool Suspend()
    {
        if (HasExited || !ProcessSignals.Stop(Pid)) return false;
        Suspended = true;
        return true;
    }

    /// <summary>Lets a suspended tor run again (SIGCONT).</summary>
    public void Resume()
    {
        if (!Suspended || HasExited) return;
        ProcessSignals.Continue(Pid);
        Suspended = false;
    }

    /// <summary>SIGTERM (tor exits at once with ShutdownWaitLength 0), then SIGKILL after
    /// <paramref name="grace"/> (default <see cref="TorLaunchOptions.StopTimeout"/>); returns once tor is gone.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (HasExited) return;
        // A stopped process keeps SIGTERM pending until it runs again.
        Resume();
        ProcessSignals.Terminate(Pid);
        using var cts = new CancellationTokenSource(grace ?? _options.StopTimeout);
        try { await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            try { _process.Kill(); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops tor and releases the process handle (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await StopAsync().ConfigureAwait(false);
        _exitCode = _process.ExitCode;
        _disposed = true;
        _process.Dispose();
    }

    public override string ToString() => $"tor (pid {Pid})";
}
