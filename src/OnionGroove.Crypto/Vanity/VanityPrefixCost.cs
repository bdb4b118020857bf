using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OnionGroove.Crypto.Vanity;

/// <summary>What many prefixes cost per candidate next to one: the same search loop on one
/// thread, one runner per side built beforehand, in alternating slices (one, many, many, one, …)
/// so that drifting load on a shared machine hits both alike, each slice timed by the thread's
/// own CPU clock (no setup, JIT or other threads counted). <see cref="Ratio"/> is many ÷ one.</summary>
public sealed record VanityPrefixCost(int PrefixCount, int Rounds, VanityResult One, VanityResult Many)
{
    public double Ratio => One.RatePerCpuSecond > 0 ? Many.RatePerCpuSecond / One.RatePerCpuSecond : 0;

    /// <summary>Runs for <paramref name="duration"/> in all (after a short warm-up of each side),
    /// half with one 12-character prefix and half with <paramref name="prefixes"/> (long enough
    /// never to match), in <paramref name="rounds"/> slices of each.</summary>
    public static VanityPrefixCost Measure(IReadOnlyList<VanityPrefix> prefixes, TimeSpan duration, int rounds = 10, int batchSize = 1024, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        if (prefixes.Count == 0) throw new ArgumentException("at least one prefix is needed", nameof(prefixes));
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        using var one = new VanityBatchRunner(batchSize);
        using var many = new VanityBatchRunner(batchSize, prefixes);
        var slice = duration / (2 * rounds);
        Slice(one, TimeSpan.FromMilliseconds(250), cancellationToken);
        Slice(many, TimeSpan.FromMilliseconds(250), cancellationToken);
        var a = new VanityResult([], 0, TimeSpan.Zero, false) { CpuTime = TimeSpan.Zero };
        var b = a;
        for (var round = 0; round < rounds && !cancellationToken.IsCancellationRequested; round++)
        {
            // Alternate which side goes first, so neither always inherits the other's caches.
            foreach (var isMany in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var r = Slice(isMany ? many : one, slice, cancellationToken);
                if (isMany) b = Add(b, r); else a = Add(a, r);
            }
        }
        var cancelled = cancellationToken.IsCancellationRequested;
        return new VanityPrefixCost(prefixes.Count, rounds, a with { Cancelled = cancelled }, b with { Cancelled = cancelled });
    }

    private static VanityResult Slice(VanityBatchRunner runner, TimeSpan length, CancellationToken ct)
    {
        var cpu = ThreadCpuTime();
        var clock = Stopwatch.StartNew();
        long candidates = 0;
        while (clock.Elapsed < length && !ct.IsCancellationRequested) candidates += runner.RunBatch();
        return new VanityResult([], candidates, clock.Elapsed, false) { CpuTime = ThreadCpuTime() - cpu };
    }

    private static VanityResult Add(VanityResult sum, VanityResult r) => sum with
    {
        Candidates = sum.Candidates + r.Candidates,
        Elapsed = sum.Elapsed + r.Elapsed,
        CpuTime = sum.CpuTime + r.CpuTime,
    };

    /// <summary>CPU time of the calling thread (Linux: CLOCK_THREAD_CPUTIME_ID; elsewhere the process's).</summary>
    private static TimeSpan ThreadCpuTime()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTime, out var ts) == 0)
            return TimeSpan.FromTicks(ts.Seconds * TimeSpan.TicksPerSecond + ts.Nanoseconds / 100);
        return Process.GetCurrentProcess().TotalProcessorTime;
    }

    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
