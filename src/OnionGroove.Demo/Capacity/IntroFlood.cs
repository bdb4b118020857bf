using System.Diagnostics;
using System.Net;
using OnionGroove.TestNetwork;

namespace OnionGroove.Demo.Capacity;

/// <summary>A bounded flood of introduction requests: every worker asks its tor client for the site
/// again and again, each time under a new SOCKS username, so tor (IsolateSOCKSAuth) builds a new
/// rendezvous circuit and sends a new INTRODUCE1 for every attempt. Bounded three ways: the caller's
/// duration, <see cref="MaxAttempts"/> in total, and <see cref="AttemptTimeout"/> per attempt.
/// Counts are read while it runs (one bucket per reading).</summary>
public sealed class IntroFlood(IReadOnlyList<TorProcess> clients, Uri url, int workersPerClient, TimeSpan attemptTimeout, int maxAttempts)
{
    private long _attempts;
    private long _answered;

    public TimeSpan AttemptTimeout { get; } = attemptTimeout;
    public int MaxAttempts { get; } = maxAttempts;

    /// <summary>Attempts started and attempts answered (HTTP 200) so far.</summary>
    public (long Attempts, long Answered) Counts => (Interlocked.Read(ref _attempts), Interlocked.Read(ref _answered));

    /// <summary>Floods for <paramref name="duration"/> (or until <see cref="MaxAttempts"/>), then waits for the attempts under way.</summary>
    public Task RunAsync(TimeSpan duration, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        return Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, workersPerClient).Select(_ => WorkerAsync(c, clock, duration, ct))));
    }

    private async Task WorkerAsync(TorProcess client, Stopwatch clock, TimeSpan duration, CancellationToken ct)
    {
        while (clock.Elapsed < duration && !ct.IsCancellationRequested)
        {
            if (Interlocked.Increment(ref _attempts) > MaxAttempts)
            {
                Interlocked.Decrement(ref _attempts);
                return;
            }
            var failedAt = clock.Elapsed;
            if (await OnceAsync(client.SocksPort!.Value, ct)) Interlocked.Increment(ref _answered);
            // A refused SOCKS request fails at once (e.g. tor gave up on the descriptor): do not spin.
            else if (clock.Elapsed - failedAt < TimeSpan.FromMilliseconds(200)) await Delay(200, ct);
        }
    }

    /// <summary>One attempt: <see cref="OnionHttp"/> gives every request a new SOCKS username, so a new circuit and INTRODUCE1.</summary>
    private async Task<bool> OnceAsync(int socksPort, CancellationToken ct)
    {
        try
        {
            return (await OnionHttp.GetAsync(socksPort, url, AttemptTimeout, ct)).Status == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task Delay(int ms, CancellationToken ct)
    {
        try { await Task.Delay(ms, ct); } catch (OperationCanceledException) { }
    }
}
