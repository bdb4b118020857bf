namespace OnionGroove.Crypto.Vanity;

/// <summary>What to search for and how hard.</summary>
public sealed class VanityOptions
{
    /// <summary>Address starts to look for; a key matching any of them counts.</summary>
    public required IReadOnlyList<VanityPrefix> Prefixes { get; init; }

    /// <summary>How many keys to find before stopping.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Worker threads; 0 means one per processor.</summary>
    public int Threads { get; init; }

    /// <summary>Candidates per field inversion (rounded down to an odd number). Larger amortises
    /// the inversion better; smaller keeps the working set in cache.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>How often <see cref="IProgress{T}"/> hears about the search.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Called once per key found, in order, before <see cref="VanitySearch.Run"/> returns,
    /// so a caller can save each key as soon as it exists. Calls never overlap.</summary>
    public Action<VanityMatch>? OnMatch { get; init; }

    internal int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
