using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace OnionGroove.Crypto.Vanity;

/// <summary>Turns a candidate the fast path reported into a checked match, or null when the slow
/// path disagrees (long prefixes are pre-filtered on 64 bits only).</summary>
internal delegate TMatch? VanityConfirm<TMatch>(ReadOnlySpan<byte> scalar, VanityPrefix prefix) where TMatch : class;

/// <summary>
/// One search on all threads, whatever a match is (a secret key, or an offset for a public key):
/// the workers, the shared counters and the matches.
/// </summary>
internal sealed class VanityEngine<TMatch>(
    VanityOptions options,
    IProgress<VanityProgress>? progress,
    Func<VanityStart> newStart,
    VanityConfirm<TMatch> confirm,
    Action<TMatch>? onMatch,
    Action<TMatch> discard) where TMatch : class
{
    private readonly List<TMatch> _matches = [];
    private readonly object _gate = new();
    private long _candidates;
    private volatile bool _enough;
    private ExceptionDispatchInfo? _failure;

    public (TMatch[] Matches, long Candidates, TimeSpan Elapsed, bool Cancelled) Execute(CancellationToken ct)
    {
        var table = VanityTable.For(options.BatchSize);
        var prefixes = new VanityPrefixSet(options.Prefixes);
        var threads = options.EffectiveThreads;
        var clock = Stopwatch.StartNew();
        var workers = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            workers[i] = new Thread(() => Work(table, prefixes, ct)) { IsBackground = true, Name = $"vanity-{i}" };
            workers[i].Start();
        }

        while (true)
        {
            var allDone = true;
            foreach (var w in workers)
                if (!w.Join(allDone ? options.ProgressInterval : TimeSpan.Zero)) allDone = false;
            if (allDone) break;
            progress?.Report(new VanityProgress(Interlocked.Read(ref _candidates), clock.Elapsed, Found, threads));
        }
        clock.Stop();
        _failure?.Throw();
        lock (_gate)
        {
            var done = _matches.Count >= options.Count;
            progress?.Report(new VanityProgress(_candidates, clock.Elapsed, _matches.Count, threads));
            return (_matches.ToArray(), _candidates, clock.Elapsed, !done && ct.IsCancellationRequested);
        }
    }

    private int Found { get { lock (_gate) return _matches.Count; } }

    private void Work(VanityTable table, VanityPrefixSet prefixes, CancellationToken ct)
    {
        try
        {
            using var start = newStart();
            using var worker = IVanityWorker.Create(table, prefixes, OnHit, start);
            while (!_enough && !ct.IsCancellationRequested)
                Interlocked.Add(ref _candidates, worker.RunBatch());
        }
        catch (Exception e)
        {
            lock (_gate) _failure ??= ExceptionDispatchInfo.Capture(e);
            _enough = true;
        }
    }

    private void OnHit(ReadOnlySpan<byte> scalar, VanityPrefix prefix)
    {
        if (_enough) return;
        var match = confirm(scalar, prefix);
        if (match is null) return;
        lock (_gate)
        {
            if (_matches.Count >= options.Count)
            {
                discard(match);
                return;
            }
            _matches.Add(match);
            onMatch?.Invoke(match);
            if (_matches.Count >= options.Count) _enough = true;
        }
    }
}
