using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Vanity;

/// <summary>Montgomery's simultaneous inversion: n inverses for one inversion and 3(n-1) multiplications.</summary>
internal static class BatchInverter
{
    /// <summary>Replaces every element by its inverse. No element may be zero.</summary>
    public static void InvertInPlace(Span<FieldElement> values)
    {
        if (values.Length == 0) return;
        var prefix = new FieldElement[values.Length];
        prefix[0] = values[0];
        for (var i = 1; i < values.Length; i++) prefix[i] = FieldElement.Mul(prefix[i - 1], values[i]);
        var inv = FieldElement.Invert(prefix[^1]);
        for (var i = values.Length - 1; i > 0; i--)
        {
            var vi = FieldElement.Mul(inv, prefix[i - 1]);
            inv = FieldElement.Mul(inv, values[i]);
            values[i] = vi;
        }
        values[0] = inv;
    }
}
