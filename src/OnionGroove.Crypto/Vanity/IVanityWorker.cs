using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Vanity;

/// <summary>One search thread's loop: each batch tries a run of candidates s + 8n and calls back
/// with (scalar, prefix) for each whose key's first 64 bits match a prefix.</summary>
internal interface IVanityWorker : IDisposable
{
    /// <summary>Evaluates one batch; returns the number of candidates tried.</summary>
    int RunBatch();

    /// <summary>The eight-lane AVX-512 worker where the processor has it, else the scalar one.</summary>
    static IVanityWorker Create(VanityTable table, VanityPrefixSet prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, VanityStart start) =>
        FieldElement8.IsSupported ? new VanityLaneWorker(table, prefixes, onHit, start) : new VanityWorker(table, prefixes, onHit, start);
}
