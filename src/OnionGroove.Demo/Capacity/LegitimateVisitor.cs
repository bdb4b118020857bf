using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using OnionGroove.TestNetwork;

namespace OnionGroove.Demo.Capacity;

/// <summary>A visitor who wants the page: every <c>every</c> seconds it starts one fetch through its
/// own tor client (a tor that solves PoW puzzles when a descriptor asks), on a new circuit, bounded
/// by <c>timeout</c>; fetches run side by side, so a slow one does not delay the next. Each fetch is
/// recorded with its start time, outcome and latency; the client's log (rend, info) tells which
/// puzzles it solved.</summary>
public sealed partial class LegitimateVisitor(TorProcess client, string clientLog, Uri url, TimeSpan every, TimeSpan timeout)
{
    /// <param name="Backend">The backend that served the page (<see cref="DemoSite.WhoServed"/>), null when not answered.</param>
    public sealed record Visit(TimeSpan StartedAt, bool Answered, double Milliseconds, string? Backend);

    private readonly List<Visit> _visits = [];
    private long _logOffset;

    /// <summary>The visits finished so far, by start time relative to <see cref="RunAsync"/>'s start.</summary>
    public IReadOnlyList<Visit> Visits { get { lock (_visits) return [.. _visits]; } }

    /// <summary>Starts a visit every <c>every</c> until <paramref name="duration"/> has passed, then waits for the last ones.</summary>
    public async Task RunAsync(TimeSpan duration, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var running = new List<Task>();
        while (clock.Elapsed < duration && !ct.IsCancellationRequested)
        {
            running.Add(VisitAsync(clock.Elapsed, ct));
            try { await Task.Delay(every, ct); } catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(running);
    }

    private async Task VisitAsync(TimeSpan startedAt, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string? backend = null;
        try
        {
            var r = await OnionHttp.GetAsync(client.SocksPort!.Value, url, timeout, ct);
            if (r.Status == HttpStatusCode.OK) backend = DemoSite.WhoServed(r.Body) ?? "?";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
        }
        lock (_visits) _visits.Add(new Visit(startedAt, backend is not null, clock.Elapsed.TotalMilliseconds, backend));
    }

    /// <summary>Puzzles the client solved since the last call (count, highest effort).</summary>
    public (int Count, int MaxEffort) SolvedSinceLastCall()
    {
        if (!File.Exists(clientLog)) return (0, 0);
        using var s = new FileStream(clientLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        s.Seek(Math.Min(_logOffset, s.Length), SeekOrigin.Begin);
        var text = new StreamReader(s).ReadToEnd();
        // Only whole lines: the rest is read next time.
        var end = text.LastIndexOf('\n') + 1;
        _logOffset += System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, end));
        var efforts = Solved().Matches(text[..end]).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return (efforts.Count, efforts.Count == 0 ? 0 : efforts.Max());
    }

    // hs_client.c logs this at info when its cpuworker returns a solution.
    [GeneratedRegex(@"Proof of work solution \(effort (\d+)\) found")]
    private static partial Regex Solved();
}
