using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector512<ulong>;

namespace OnionGroove.Crypto.Curve;

/// <summary>
/// Eight independent elements of GF(2^255 - 19), one per 64-bit lane of AVX-512 registers, in
/// radix 2^25.5: value = Σ L_i·2^⌈25.5·i⌉, even limbs 26 bits, odd limbs 25 bits (the ref10
/// layout). Used only by the vanity search, which works on eight candidates at a time.
/// </summary>
/// <remarks>
/// Why 25.5-bit limbs: .NET has no AVX-512 IFMA, so products are 32×32→64-bit (vpmuludq), and
/// ten limbs keep every product and column sum inside 64 bits. Limbs are unsigned and kept
/// "weakly reduced": <see cref="Mul"/> and <see cref="Square"/> return limbs at most nominal·(1 + 2^-9).
/// <see cref="Mul"/> accepts limbs up to three times nominal (so its operands may be an
/// <see cref="Add"/> of two reduced elements or a <see cref="Sub"/>): then an even limb times 19
/// stays below 2^32 and a column of ten products below 2^63. <see cref="Square"/> needs reduced
/// limbs (its factors reach 76·limb). Variable time is fine here: the vanity candidates are
/// public until one matches, and a match is recomputed on the constant-time scalar path.
/// </remarks>
[SkipLocalsInit]
internal struct FieldElement8
{
    public const int Lanes = 8;
    private const ulong Mask26 = (1UL << 26) - 1, Mask25 = (1UL << 25) - 1;

    public V L0, L1, L2, L3, L4, L5, L6, L7, L8, L9;

    /// <summary>Bit offset of each limb.</summary>
    private static ReadOnlySpan<int> Offsets => [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];

    public static bool IsSupported => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V M(V a, V b) => Avx512F.Multiply(a.AsUInt32(), b.AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Times(V a, ulong k) => M(a, Vector512.Create(k));

    /// <summary>a + b without carrying.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement8 Add(in FieldElement8 a, in FieldElement8 b) => new()
    {
        L0 = a.L0 + b.L0, L1 = a.L1 + b.L1, L2 = a.L2 + b.L2, L3 = a.L3 + b.L3, L4 = a.L4 + b.L4,
        L5 = a.L5 + b.L5, L6 = a.L6 + b.L6, L7 = a.L7 + b.L7, L8 = a.L8 + b.L8, L9 = a.L9 + b.L9,
    };

    /// <summary>a + 2p − b without carrying: b must be reduced (limbs below 2p's), a reduced; the
    /// result has limbs below three times nominal, which <see cref="Mul"/> accepts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement8 Sub(in FieldElement8 a, in FieldElement8 b)
    {
        V e = Vector512.Create(2 * Mask26), o = Vector512.Create(2 * Mask25), z = Vector512.Create(2 * (Mask26 - 18));
        return new()
        {
            L0 = a.L0 + z - b.L0, L1 = a.L1 + o - b.L1, L2 = a.L2 + e - b.L2, L3 = a.L3 + o - b.L3, L4 = a.L4 + e - b.L4,
            L5 = a.L5 + o - b.L5, L6 = a.L6 + e - b.L6, L7 = a.L7 + o - b.L7, L8 = a.L8 + e - b.L8, L9 = a.L9 + o - b.L9,
        };
    }

    /// <summary>a·b, eight lanes at once (limb bounds in the remarks).</summary>
    public static FieldElement8 Mul(in FieldElement8 a, in FieldElement8 b)
    {
        V f0 = a.L0, f1 = a.L1, f2 = a.L2, f3 = a.L3, f4 = a.L4, f5 = a.L5, f6 = a.L6, f7 = a.L7, f8 = a.L8, f9 = a.L9;
        V g0 = b.L0, g1 = b.L1, g2 = b.L2, g3 = b.L3, g4 = b.L4, g5 = b.L5, g6 = b.L6, g7 = b.L7, g8 = b.L8, g9 = b.L9;
        V f1_2 = f1 + f1, f3_2 = f3 + f3, f5_2 = f5 + f5, f7_2 = f7 + f7, f9_2 = f9 + f9;
        V g1_19 = Times(g1, 19), g2_19 = Times(g2, 19), g3_19 = Times(g3, 19), g4_19 = Times(g4, 19), g5_19 = Times(g5, 19),
          g6_19 = Times(g6, 19), g7_19 = Times(g7, 19), g8_19 = Times(g8, 19), g9_19 = Times(g9, 19);
        var h0 = M(f0, g0) + M(f1_2, g9_19) + M(f2, g8_19) + M(f3_2, g7_19) + M(f4, g6_19) + M(f5_2, g5_19) + M(f6, g4_19) + M(f7_2, g3_19) + M(f8, g2_19) + M(f9_2, g1_19);
        var h1 = M(f0, g1) + M(f1, g0) + M(f2, g9_19) + M(f3, g8_19) + M(f4, g7_19) + M(f5, g6_19) + M(f6, g5_19) + M(f7, g4_19) + M(f8, g3_19) + M(f9, g2_19);
        var h2 = M(f0, g2) + M(f1_2, g1) + M(f2, g0) + M(f3_2, g9_19) + M(f4, g8_19) + M(f5_2, g7_19) + M(f6, g6_19) + M(f7_2, g5_19) + M(f8, g4_19) + M(f9_2, g3_19);
        var h3 = M(f0, g3) + M(f1, g2) + M(f2, g1) + M(f3, g0) + M(f4, g9_19) + M(f5, g8_19) + M(f6, g7_19) + M(f7, g6_19) + M(f8, g5_19) + M(f9, g4_19);
        var h4 = M(f0, g4) + M(f1_2, g3) + M(f2, g2) + M(f3_2, g1) + M(f4, g0) + M(f5_2, g9_19) + M(f6, g8_19) + M(f7_2, g7_19) + M(f8, g6_19) + M(f9_2, g5_19);
        var h5 = M(f0, g5) + M(f1, g4) + M(f2, g3) + M(f3, g2) + M(f4, g1) + M(f5, g0) + M(f6, g9_19) + M(f7, g8_19) + M(f8, g7_19) + M(f9, g6_19);
        var h6 = M(f0, g6) + M(f1_2, g5) + M(f2, g4) + M(f3_2, g3) + M(f4, g2) + M(f5_2, g1) + M(f6, g0) + M(f7_2, g9_19) + M(f8, g8_19) + M(f9_2, g7_19);
        var h7 = M(f0, g7) + M(f1, g6) + M(f2, g5) + M(f3, g4) + M(f4, g3) + M(f5, g2) + M(f6, g1) + M(f7, g0) + M(f8, g9_19) + M(f9, g8_19);
        var h8 = M(f0, g8) + M(f1_2, g7) + M(f2, g6) + M(f3_2, g5) + M(f4, g4) + M(f5_2, g3) + M(f6, g2) + M(f7_2, g1) + M(f8, g0) + M(f9_2, g9_19);
        var h9 = M(f0, g9) + M(f1, g8) + M(f2, g7) + M(f3, g6) + M(f4, g5) + M(f5, g4) + M(f6, g3) + M(f7, g2) + M(f8, g1) + M(f9, g0);
        return Carry(h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
    }

    /// <summary>a², eight lanes at once; a must be reduced (a Mul or Square result).</summary>
    public static FieldElement8 Square(in FieldElement8 a)
    {
        V f0 = a.L0, f1 = a.L1, f2 = a.L2, f3 = a.L3, f4 = a.L4, f5 = a.L5, f6 = a.L6, f7 = a.L7, f8 = a.L8, f9 = a.L9;
        V f1x2 = f1 + f1, f2x2 = f2 + f2, f3x2 = f3 + f3, f4x2 = f4 + f4, f5x2 = f5 + f5, f6x2 = f6 + f6, f7x2 = f7 + f7,
          f8x2 = f8 + f8, f9x2 = f9 + f9;
        V f3x4 = f3x2 + f3x2, f5x4 = f5x2 + f5x2, f7x4 = f7x2 + f7x2;
        V f6x19 = Times(f6, 19), f8x19 = Times(f8, 19);
        V f5x38 = Times(f5, 38), f6x38 = f6x19 + f6x19, f7x38 = Times(f7, 38), f8x38 = f8x19 + f8x19, f9x38 = Times(f9, 38);
        V f7x76 = f7x38 + f7x38, f9x76 = f9x38 + f9x38;
        var h0 = M(f0, f0) + M(f1, f9x76) + M(f2, f8x38) + M(f3, f7x76) + M(f4, f6x38) + M(f5, f5x38);
        var h1 = M(f0, f1x2) + M(f2, f9x38) + M(f3, f8x38) + M(f4, f7x38) + M(f5, f6x38);
        var h2 = M(f0, f2x2) + M(f1, f1x2) + M(f3, f9x76) + M(f4, f8x38) + M(f5, f7x76) + M(f6, f6x19);
        var h3 = M(f0, f3x2) + M(f1, f2x2) + M(f4, f9x38) + M(f5, f8x38) + M(f6, f7x38);
        var h4 = M(f0, f4x2) + M(f1, f3x4) + M(f2, f2) + M(f5, f9x76) + M(f6, f8x38) + M(f7, f7x38);
        var h5 = M(f0, f5x2) + M(f1, f4x2) + M(f2, f3x2) + M(f6, f9x38) + M(f7, f8x38);
        var h6 = M(f0, f6x2) + M(f1, f5x4) + M(f2, f4x2) + M(f3, f3x2) + M(f7, f9x76) + M(f8, f8x19);
        var h7 = M(f0, f7x2) + M(f1, f6x2) + M(f2, f5x2) + M(f3, f4x2) + M(f8, f9x38);
        var h8 = M(f0, f8x2) + M(f1, f7x4) + M(f2, f6x2) + M(f3, f5x4) + M(f4, f4) + M(f9, f9x38);
        var h9 = M(f0, f9x2) + M(f1, f8x2) + M(f2, f7x2) + M(f3, f6x2) + M(f4, f5x2);
        return Carry(h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
    }

    /// <summary>Column sums (each below 2^63) to reduced limbs, in ref10's interleaved order so two
    /// carry chains run side by side.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement8 Carry(V h0, V h1, V h2, V h3, V h4, V h5, V h6, V h7, V h8, V h9)
    {
        V m26 = Vector512.Create(Mask26), m25 = Vector512.Create(Mask25);
        h1 += h0 >>> 26; h0 &= m26;
        h5 += h4 >>> 26; h4 &= m26;
        h2 += h1 >>> 25; h1 &= m25;
        h6 += h5 >>> 25; h5 &= m25;
        h3 += h2 >>> 26; h2 &= m26;
        h7 += h6 >>> 26; h6 &= m26;
        h4 += h3 >>> 25; h3 &= m25;
        h8 += h7 >>> 25; h7 &= m25;
        h5 += h4 >>> 26; h4 &= m26;
        h9 += h8 >>> 26; h8 &= m26;
        // 2^255 ≡ 19. This carry can exceed 32 bits, so ·19 is shifts and adds, not vpmuludq.
        V c9 = h9 >>> 25; h9 &= m25;
        h0 += (c9 << 4) + (c9 << 1) + c9;
        h1 += h0 >>> 26; h0 &= m26;
        return new() { L0 = h0, L1 = h1, L2 = h2, L3 = h3, L4 = h4, L5 = h5, L6 = h6, L7 = h7, L8 = h8, L9 = h9 };
    }

    /// <summary>a^(2^n), n ≥ 1.</summary>
    private static FieldElement8 SquareTimes(in FieldElement8 a, int n)
    {
        var r = Square(a);
        for (var i = 1; i < n; i++) r = Square(r);
        return r;
    }

    /// <summary>1/a = a^(p−2) in every lane (the same addition chain as <see cref="FieldElement.Invert"/>); 1/0 = 0.</summary>
    public static FieldElement8 Invert(in FieldElement8 a)
    {
        var t2 = Square(a);
        var t9 = Mul(a, SquareTimes(t2, 2));
        var t11 = Mul(t2, t9);
        var t5_0 = Mul(t9, Square(t11));
        var t10_0 = Mul(SquareTimes(t5_0, 5), t5_0);
        var t20_0 = Mul(SquareTimes(t10_0, 10), t10_0);
        var t40_0 = Mul(SquareTimes(t20_0, 20), t20_0);
        var t50_0 = Mul(SquareTimes(t40_0, 10), t10_0);
        var t100_0 = Mul(SquareTimes(t50_0, 50), t50_0);
        var t200_0 = Mul(SquareTimes(t100_0, 100), t100_0);
        var t250_0 = Mul(SquareTimes(t200_0, 50), t50_0);
        return Mul(SquareTimes(t250_0, 5), t11);
    }

    /// <summary>The first 8 bytes of each lane's canonical encoding, as a little-endian ulong, for a
    /// <see cref="Mul"/> result (the same contract as <see cref="FieldElement.CanonicalLow64"/>).</summary>
    /// <remarks>q = ⌊(v + 19)/2^255⌋ is 1 exactly when v ≥ p (v &lt; 2p here); v − q·p then
    /// differs from v in its low bits only by +19q and the carries it causes, which move upward.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly V CanonicalLow64()
    {
        V q = (L0 + Vector512.Create(19UL)) >>> 26;
        q = (L1 + q) >>> 25; q = (L2 + q) >>> 26; q = (L3 + q) >>> 25; q = (L4 + q) >>> 26;
        q = (L5 + q) >>> 25; q = (L6 + q) >>> 26; q = (L7 + q) >>> 25; q = (L8 + q) >>> 26; q = (L9 + q) >>> 25;
        V h0 = L0 + (q << 4) + (q << 1) + q;
        V h1 = L1 + (h0 >>> 26);
        V h2 = L2 + (h1 >>> 25);
        return (h0 & Vector512.Create(Mask26)) | ((h1 & Vector512.Create(Mask25)) << 26) | (h2 << 51);
    }

    /// <summary>The 10 limbs of one element (32 little-endian bytes, top bit ignored), for <see cref="Broadcast"/>.</summary>
    public static void LimbsOf(ReadOnlySpan<byte> bytes, Span<ulong> limbs)
    {
        Span<ulong> w = stackalloc ulong[5];
        for (var i = 0; i < 4; i++) w[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..]);
        w[4] = 0;
        for (var i = 0; i < 10; i++)
        {
            int o = Offsets[i], word = o >> 6, shift = o & 63, width = (i & 1) == 0 ? 26 : 25;
            var v = w[word] >> shift;
            if (shift + width > 64) v |= w[word + 1] << (64 - shift);
            limbs[i] = v & ((1UL << width) - 1);
        }
    }

    /// <summary>The same element in every lane, from its 10 limbs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement8 Broadcast(ReadOnlySpan<ulong> l) => new()
    {
        L0 = Vector512.Create(l[0]), L1 = Vector512.Create(l[1]), L2 = Vector512.Create(l[2]), L3 = Vector512.Create(l[3]), L4 = Vector512.Create(l[4]),
        L5 = Vector512.Create(l[5]), L6 = Vector512.Create(l[6]), L7 = Vector512.Create(l[7]), L8 = Vector512.Create(l[8]), L9 = Vector512.Create(l[9]),
    };

    /// <summary>Lane i holds elements[i] (exactly <see cref="Lanes"/> of them).</summary>
    public static FieldElement8 FromLanes(ReadOnlySpan<FieldElement> elements)
    {
        if (elements.Length != Lanes) throw new ArgumentException($"exactly {Lanes} elements", nameof(elements));
        Span<ulong> limbs = stackalloc ulong[10 * Lanes];
        Span<byte> bytes = stackalloc byte[32];
        Span<ulong> one = stackalloc ulong[10];
        for (var lane = 0; lane < Lanes; lane++)
        {
            elements[lane].ToBytes(bytes);
            LimbsOf(bytes, one);
            for (var i = 0; i < 10; i++) limbs[i * Lanes + lane] = one[i];
        }
        bytes.Clear();
        return new()
        {
            L0 = Vector512.Create(limbs[..8]), L1 = Vector512.Create(limbs[8..16]), L2 = Vector512.Create(limbs[16..24]), L3 = Vector512.Create(limbs[24..32]),
            L4 = Vector512.Create(limbs[32..40]), L5 = Vector512.Create(limbs[40..48]), L6 = Vector512.Create(limbs[48..56]), L7 = Vector512.Create(limbs[56..64]),
            L8 = Vector512.Create(limbs[64..72]), L9 = Vector512.Create(limbs[72..80]),
        };
    }

    /// <summary>Lane i as an ordinary field element (tests and diagnostics; not on the hot path).</summary>
    public readonly FieldElement Lane(int i)
    {
        ReadOnlySpan<V> limbs = [L0, L1, L2, L3, L4, L5, L6, L7, L8, L9];
        var v = BigInteger.Zero;
        for (var k = 0; k < 10; k++) v += new BigInteger(limbs[k][i]) << Offsets[k];
        var p = BigInteger.Pow(2, 255) - 19;
        var bytes = new byte[32];
        (v % p).TryWriteBytes(bytes, out _, isUnsigned: true);
        return FieldElement.FromBytes(bytes);
    }
}
