using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Vanity;

/// <summary>A key whose onion address starts with <see cref="Prefix"/>. The caller owns (and disposes) the key.</summary>
public sealed record VanityMatch(IdentitySecretKey Key, VanityPrefix Prefix)
{
    public OnionAddress Address => Key.Address;
}

/// <summary>A snapshot of a running search.</summary>
public readonly record struct VanityProgress(long Candidates, TimeSpan Elapsed, int Found, int Threads)
{
    /// <summary>Candidates per second since the start.</summary>
    public double Rate => Elapsed.TotalSeconds > 0 ? Candidates / Elapsed.TotalSeconds : 0;

    /// <summary>Expected time to the next match of a prefix of this length at the current rate (32^length / rate).</summary>
    public TimeSpan? ExpectedTimePerMatch(int prefixLength)
    {
        var rate = Rate;
        if (rate <= 0) return null;
        var seconds = Math.Pow(32, prefixLength) / rate;
        return seconds < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue;
    }
}

/// <summary>How a search ended: the keys found (fewer than asked for when cancelled) and the work done.</summary>
public sealed record VanityResult(IReadOnlyList<VanityMatch> Matches, long Candidates, TimeSpan Elapsed, bool Cancelled)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Candidates / Elapsed.TotalSeconds : 0;

    /// <summary>Process CPU time spent meanwhile (set by <see cref="VanitySearch.Benchmark"/>): on a
    /// shared machine, candidates per CPU-second is the steadier measure of the code itself.</summary>
    public TimeSpan? CpuTime { get; init; }

    public double RatePerCpuSecond => CpuTime is { TotalSeconds: > 0 } cpu ? Candidates / cpu.TotalSeconds : 0;
}
