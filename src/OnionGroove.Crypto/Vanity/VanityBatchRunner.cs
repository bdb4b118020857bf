namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// The single-thread search loop, one batch at a time, against a prefix (or many) that will
/// practically never match: what benchmarks measure. It never hands out keys.
/// </summary>
public sealed class VanityBatchRunner : IDisposable
{
    private readonly IVanityWorker _worker;

    public VanityBatchRunner(int batchSize = 1024) : this(batchSize, [VanityPrefix.Parse("oniongroove2").Value]) { }

    /// <summary>The same against <paramref name="prefixes"/>, which should be long enough never to match.</summary>
    public VanityBatchRunner(int batchSize, IReadOnlyList<VanityPrefix> prefixes)
    {
        _worker = IVanityWorker.Create(VanityTable.For(batchSize), new VanityPrefixSet(prefixes), static (_, _) => { }, new VanityStart());
    }

    /// <summary>Tries one batch of candidates; returns how many.</summary>
    public int RunBatch() => _worker.RunBatch();

    public void Dispose() => _worker.Dispose();
}
