using System.Runtime.CompilerServices;
using F = OnionGroove.Crypto.Curve.FieldElement;

namespace OnionGroove.Crypto.Curve;

/// <summary>Receives the inverses of <see cref="BatchInverter.InvertEach"/> one at a time, last
/// index first.</summary>
internal interface IInverseSink
{
    void Take(int index, in F inverse);
}

/// <summary>Montgomery's simultaneous inversion: n inverses for one field inversion and 3(n−1)
/// multiplications. Used wherever many points leave projective coordinates at once: encoding
/// signature nonces, building affine tables, and every batch of the vanity search.</summary>
[SkipLocalsInit]
internal static class BatchInverter
{
    /// <summary>Replaces every element by its inverse; <paramref name="scratch"/> (at least as long)
    /// receives the running products. Runs in time independent of the values. A zero element makes
    /// every result zero (the inverse of 0 is 0), so callers pass non-zero values.</summary>
    public static void InvertInPlace(Span<F> values, Span<F> scratch)
    {
        var sink = new Overwrite(values);
        InvertEach(values, scratch, ref sink);
    }

    /// <summary>Hands 1/values[i] to <paramref name="sink"/> for every i, from the last to the first,
    /// as soon as each is known. The vanity search consumes each inverse at once (y = H·(1/G)), so no
    /// pass over the batch is added to its hot loop; a struct sink is specialised and inlined by the
    /// JIT. The sink may overwrite values[i] when it receives index i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InvertEach<TSink>(ReadOnlySpan<F> values, Span<F> scratch, ref TSink sink)
        where TSink : IInverseSink, allows ref struct
    {
        var n = values.Length;
        if (n == 0) return;
        if (scratch.Length < n) throw new ArgumentException("scratch shorter than the values", nameof(scratch));
        // scratch[i] = v0·…·vi, then walk back: 1/vi = (v0·…·vi)⁻¹ · (v0·…·vi−1).
        var running = values[0];
        scratch[0] = running;
        for (var i = 1; i < n; i++) scratch[i] = running = F.Mul(running, values[i]);
        var inv = F.Invert(running);
        for (var i = n - 1; i > 0; i--)
        {
            var vi = F.Mul(inv, scratch[i - 1]);
            inv = F.Mul(inv, values[i]);
            sink.Take(i, vi);
        }
        sink.Take(0, inv);
    }

    private readonly ref struct Overwrite(Span<F> values) : IInverseSink
    {
        private readonly Span<F> _values = values;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Take(int index, in F inverse) => _values[index] = inverse;
    }
}
