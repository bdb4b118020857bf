using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// Finds onion service identity keys whose address starts with a chosen prefix, on all cores.
/// </summary>
/// <remarks>
/// Each thread starts at its own random clamped scalar s and walks s, s+8, s+16, … (see
/// <see cref="VanityWorker"/>). Every hit is re-derived from its scalar by an independent
/// scalar multiplication and checked again through the crypto library's own key type before it
/// is reported, so a slip in the fast path can only lose a key, never emit a wrong one.
/// </remarks>
public static class VanitySearch
{
    /// <summary>Searches until <see cref="VanityOptions.Count"/> keys are found or
    /// <paramref name="cancellationToken"/> fires; returns what was found either way.</summary>
    public static VanityResult Run(VanityOptions options, IProgress<VanityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Prefixes.Count == 0) throw new ArgumentException("at least one prefix is needed", nameof(options));
        if (options.Count < 1) throw new ArgumentOutOfRangeException(nameof(options), "Count must be at least 1");
        return new SearchRun(options, progress).Execute(cancellationToken);
    }

    /// <summary>Runs the search loop for <paramref name="duration"/> (after a half-second warm-up)
    /// against a 12-character prefix, so the full per-candidate work is measured, and reports the
    /// candidates tried.</summary>
    public static VanityResult Benchmark(TimeSpan duration, int threads = 0, int batchSize = 1024, CancellationToken cancellationToken = default)
    {
        // Warm up first so the JIT has produced optimised code before the clock starts.
        using (var runner = new VanityBatchRunner(batchSize))
        {
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 500 && !cancellationToken.IsCancellationRequested) runner.RunBatch();
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(duration);
        var options = new VanityOptions
        {
            Prefixes = [VanityPrefix.Parse("oniongroove2").Value],
            Count = int.MaxValue,
            Threads = threads,
            BatchSize = batchSize,
        };
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var result = new SearchRun(options, null).Execute(timer.Token);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        foreach (var m in result.Matches) m.Key.Dispose();
        return result with { Matches = [], Cancelled = cancellationToken.IsCancellationRequested, CpuTime = cpu };
    }

    /// <summary>The checks a hit must pass: the scalar's public key (computed afresh) matches the
    /// prefix, and the library's key type derives the same key and address.</summary>
    internal static VanityMatch? Confirm(ReadOnlySpan<byte> scalar, VanityPrefix prefix)
    {
        Span<byte> publicKey = stackalloc byte[32];
        EdwardsPoint.MulDoubleAndAdd(EdwardsPoint.Base, scalar).Encode(publicKey);
        if (!prefix.Matches(publicKey))
        {
            // Long prefixes are only pre-filtered on 64 bits; for short ones the fast path and
            // the slow path must agree.
            if (prefix.NeedsFullCheck) return null;
            throw new CryptographicException("vanity search: a candidate's fast-path key disagrees with its scalar; key discarded");
        }

        Span<byte> expanded = stackalloc byte[64];
        try
        {
            scalar.CopyTo(expanded);
            // tor's expanded form is scalar ‖ PRF prefix; a vanity key has no seed, so the prefix
            // (used only for deterministic signature nonces) is fresh randomness.
            RandomNumberGenerator.Fill(expanded[32..]);
            var key = IdentitySecretKey.FromExpanded(expanded);
            if (!key.PublicKey.AsSpan().SequenceEqual(publicKey) ||
                !key.Address.ServiceId.StartsWith(prefix.Text, StringComparison.Ordinal))
            {
                key.Dispose();
                throw new CryptographicException("vanity search: the found key does not round-trip through IdentitySecretKey; key discarded");
            }
            return new VanityMatch(key, prefix);
        }
        finally { CryptographicOperations.ZeroMemory(expanded); }
    }

    /// <summary>State of one Run: the workers, the shared counters and the results.</summary>
    private sealed class SearchRun(VanityOptions options, IProgress<VanityProgress>? progress)
    {
        private readonly List<VanityMatch> _matches = [];
        private readonly object _gate = new();
        private long _candidates;
        private volatile bool _enough;
        private ExceptionDispatchInfo? _failure;

        public VanityResult Execute(CancellationToken ct)
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
                return new VanityResult(_matches.ToArray(), _candidates, clock.Elapsed, Cancelled: !done && ct.IsCancellationRequested);
            }
        }

        private int Found { get { lock (_gate) return _matches.Count; } }

        private void Work(VanityTable table, VanityPrefixSet prefixes, CancellationToken ct)
        {
            try
            {
                using var worker = IVanityWorker.Create(table, prefixes, OnHit);
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
            var match = Confirm(scalar, prefix);
            if (match is null) return;
            lock (_gate)
            {
                if (_matches.Count >= options.Count)
                {
                    match.Key.Dispose();
                    return;
                }
                _matches.Add(match);
                options.OnMatch?.Invoke(match);
                if (_matches.Count >= options.Count) _enough = true;
            }
        }
    }
}
