namespace OnionGroove.Probe.Metrics;

/// <summary>Runs probe rounds on an interval and keeps the last round for the metrics endpoint.
/// A round that throws a tor or network failure is logged and the loop goes on; the metrics keep
/// the previous round's samples, and <c>oniongroove_probe_last_round_timestamp_seconds</c> stops
/// moving, which is what an alert on a stuck probe watches.</summary>
public sealed class ProbeLoop(Func<CancellationToken, Task<ProbeRound>> round, TimeSpan interval, Action<string> log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private volatile State _state = new(null, 0, null);

    private sealed record State(ProbeRound? Last, long Rounds, DateTimeOffset? At);

    public long Rounds => _state.Rounds;

    public string RenderMetrics()
    {
        var s = _state;
        return ProbeMetrics.Render(s.Last?.Reports ?? [], new ProbeRunInfo(s.Rounds, s.At, s.Last?.MaxDescriptorSize));
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var r = await round(ct).ConfigureAwait(false);
                _state = new State(r, _state.Rounds + 1, _clock.GetUtcNow());
                foreach (var s in r.Reports)
                    log($"{s.Name} ({s.Address}): {s.Verdict.ToString().ToLowerInvariant()}"
                        + (s.Reasons.Count > 0 ? " — " + string.Join("; ", s.Reasons) : ""));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or Control.Protocol.ControlProtocolException)
            {
                log($"probe round failed: {e.Message}");
            }
            try { await Task.Delay(interval, _clock, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }
}
