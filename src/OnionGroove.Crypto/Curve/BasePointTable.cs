using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace OnionGroove.Crypto.Curve;

/// <summary>Fixed-base scalar multiplication k·B with a table of j·256^i·B (i &lt; 32, 1 ≤ j ≤ 8)
/// and signed 4-bit digits: 64 mixed additions and 4 doublings, table entries picked by
/// constant-time scans so the memory access pattern does not depend on k.</summary>
[SkipLocalsInit]
internal static class BasePointTable
{
    /// <summary>Each entry is a <see cref="NielsPoint"/> (15 limbs) padded to 16 ulongs, so the
    /// constant-time scan reads it as four 256-bit vectors.</summary>
    private const int Stride = 16;

    private static readonly ulong[] Table = Build();

    private static ulong[] Build()
    {
        var points = new EdwardsPoint[32 * 8];
        var row = EdwardsPoint.Base;                     // 256^i · B
        for (var i = 0; i < 32; i++)
        {
            var multiple = row;
            for (var j = 0; j < 8; j++)
            {
                points[i * 8 + j] = multiple;
                multiple = EdwardsPoint.Add(multiple, row);
            }
            for (var d = 0; d < 8; d++) row = EdwardsPoint.Double(row);
        }
        var niels = NielsPoint.FromExtended(points);
        var table = new ulong[32 * 8 * Stride];
        for (var k = 0; k < niels.Length; k++)
        {
            var entry = new PaddedNiels { Point = niels[k] };
            MemoryMarshal.Cast<PaddedNiels, ulong>(new Span<PaddedNiels>(ref entry)).CopyTo(table.AsSpan(k * Stride, Stride));
        }
        return table;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PaddedNiels
    {
        public NielsPoint Point;
        public ulong Pad;
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

    /// <summary>b·256^row·B for a digit b in [−8, 8]: every entry of the row is read and OR-ed in under
    /// an all-ones or all-zeros mask, so neither branches nor addresses depend on b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static NielsPoint Pick(int row, sbyte b)
    {
        var negative = (b >> 7) & 1;                 // 1 when b < 0
        var abs = b - ((-negative & b) << 1);        // |b|
        ref var first = ref MemoryMarshal.GetArrayDataReference(Table);
        var offset = (nuint)(row * 8 * Stride);
        Unsafe.SkipInit(out PaddedNiels picked);
        ref var into = ref Unsafe.As<PaddedNiels, ulong>(ref picked);
        // b = 0 picks the identity (1, 1, 0): limb 0 of y+x and limb 0 of y−x (ulong 5).
        var isZero = 0UL - (ulong)Equal(abs, 0);
        if (Vector256.IsHardwareAccelerated)
        {
            var v0 = Vector256.Create(isZero & 1, 0, 0, 0);
            var v1 = Vector256.Create(0, isZero & 1, 0, 0);
            var v2 = Vector256<ulong>.Zero;
            var v3 = Vector256<ulong>.Zero;
            for (var j = 0; j < 8; j++, offset += Stride)
            {
                var m = Vector256.Create(0UL - (ulong)Equal(abs, j + 1));
                v0 |= Vector256.LoadUnsafe(ref first, offset) & m;
                v1 |= Vector256.LoadUnsafe(ref first, offset + 4) & m;
                v2 |= Vector256.LoadUnsafe(ref first, offset + 8) & m;
                v3 |= Vector256.LoadUnsafe(ref first, offset + 12) & m;
            }
            v0.StoreUnsafe(ref into);
            v1.StoreUnsafe(ref into, 4);
            v2.StoreUnsafe(ref into, 8);
            v3.StoreUnsafe(ref into, 12);
        }
        else
        {
            for (var i = 0; i < Stride; i++) Unsafe.Add(ref into, i) = 0;
            into |= isZero & 1;
            Unsafe.Add(ref into, 5) |= isZero & 1;
            for (var j = 0; j < 8; j++, offset += Stride)
            {
                var m = 0UL - (ulong)Equal(abs, j + 1);
                for (var i = 0; i < Stride; i++) Unsafe.Add(ref into, i) |= Unsafe.Add(ref first, offset + (nuint)i) & m;
            }
        }
        return NielsPoint.ConditionalNegate(picked.Point, negative);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Equal(int a, int b) => (int)(((uint)(a ^ b) - 1) >> 31);
}
