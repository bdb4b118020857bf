using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using F = OnionGroove.Crypto.Curve.FieldElement;

namespace OnionGroove.Crypto.Curve;

/// <summary>Fixed-base scalar multiplication k·B with a table of j·256^i·B (i &lt; 32, 1 ≤ j ≤ 8)
/// and signed 4-bit digits: 64 mixed additions and 4 doublings, table entries picked by
/// constant-time scans so the memory access pattern does not depend on k.</summary>
[SkipLocalsInit]
internal static class BasePointTable
{
    private static readonly NielsPoint[] Table = Build();

    private static NielsPoint[] Build()
    {
        var table = new NielsPoint[32 * 8];
        var row = EdwardsPoint.Base;                     // 256^i · B
        for (var i = 0; i < 32; i++)
        {
            var multiple = row;
            for (var j = 0; j < 8; j++)
            {
                var zInv = F.Invert(multiple.Z);
                table[i * 8 + j] = NielsPoint.FromAffine(F.Mul(multiple.X, zInv), F.Mul(multiple.Y, zInv));
                multiple = EdwardsPoint.Add(multiple, row);
            }
            for (var d = 0; d < 8; d++) row = EdwardsPoint.Double(row);
        }
        return table;
    }

    /// <summary>k·B. k is 32 bytes little endian; values ≥ 2^255 are reduced mod l first.</summary>
    public static EdwardsPoint Mul(ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != 32) throw new ArgumentException("a scalar is 32 bytes", nameof(scalar));
        Span<byte> k = stackalloc byte[32];
        Span<sbyte> e = stackalloc sbyte[64];
        try
        {
            // The digit recoding below needs k < 2^255; clamped and reduced scalars always are.
            if ((scalar[31] & 0x80) != 0) Scalar.Reduce(scalar, k);
            else scalar.CopyTo(k);

            for (var i = 0; i < 32; i++)
            {
                e[2 * i] = (sbyte)(k[i] & 15);
                e[2 * i + 1] = (sbyte)(k[i] >> 4);
            }
            // Recode to digits in [−8, 8): the last digit absorbs the carry (≤ 8 as k < 2^255).
            sbyte carry = 0;
            for (var i = 0; i < 63; i++)
            {
                e[i] += carry;
                carry = (sbyte)((e[i] + 8) >> 4);
                e[i] -= (sbyte)(carry << 4);
            }
            e[63] += carry;

            var h = EdwardsPoint.Identity;
            for (var i = 1; i < 64; i += 2) h = EdwardsPoint.Add(h, Pick(i / 2, e[i]));
            h = EdwardsPoint.Double(EdwardsPoint.Double(EdwardsPoint.Double(EdwardsPoint.Double(h))));
            for (var i = 0; i < 64; i += 2) h = EdwardsPoint.Add(h, Pick(i / 2, e[i]));
            return h;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(k);
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e));
        }
    }

    /// <summary>b·256^row·B for a digit b in [−8, 8], reading all 8 entries of the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static NielsPoint Pick(int row, sbyte b)
    {
        var negative = (b >> 7) & 1;                 // 1 when b < 0
        var abs = b - ((-negative & b) << 1);        // |b|
        var t = NielsPoint.Identity;
        var baseIndex = row * 8;
        for (var j = 1; j <= 8; j++)
            t = NielsPoint.Select(t, Table[baseIndex + j - 1], Equal(abs, j));
        return NielsPoint.ConditionalNegate(t, negative);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Equal(int a, int b) => (int)(((uint)(a ^ b) - 1) >> 31);
}
