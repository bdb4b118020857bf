using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace OnionGroove.Crypto.Curve;

/// <summary>
/// An element of GF(p), p = 2^255 - 19, in radix 2^51: value = L0 + L1·2^51 + L2·2^102 + L3·2^153 + L4·2^204.
/// </summary>
/// <remarks>
/// Limbs are kept "weakly reduced": every operation except <see cref="Add"/> returns limbs below
/// 2^51 + 2^18. <see cref="Mul"/>, <see cref="Square"/> and <see cref="MulSmall"/> accept limbs
/// below 2^53, so sums of up to three weakly reduced elements may be multiplied directly; longer
/// sums must go through <see cref="Reduce"/> first. <see cref="Sub"/> accepts a subtrahend with
/// limbs up to 2^55 - 304. All operations run in time independent of the values.
/// </remarks>
[SkipLocalsInit]
public struct FieldElement
{
    internal const ulong Mask51 = (1UL << 51) - 1;

    internal ulong L0, L1, L2, L3, L4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal FieldElement(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3; L4 = l4;
    }

    public static FieldElement Zero => default;
    public static FieldElement One => new(1, 0, 0, 0, 0);

    /// <summary>The curve constant d = -121665/121666 (RFC 8032 §5.1).</summary>
    public static FieldElement D => new(
        929955233495203, 466365720129213, 1662059464998953, 2033849074728123, 1442794654840575);

    /// <summary>2·d, used by extended-coordinate point addition.</summary>
    public static FieldElement D2 => new(
        1859910466990425, 932731440258426, 1072319116312658, 1815898335770999, 633789495995903);

    /// <summary>sqrt(-1) = 2^((p-1)/4), used to finish square roots in point decoding.</summary>
    public static FieldElement SqrtM1 => new(
        1718705420411056, 234908883556509, 2233514472574048, 2117202627021982, 765476049583133);

    // ---------------------------------------------------------------- linear operations

    /// <summary>a + b without carrying (limbs grow by at most one bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Add(in FieldElement a, in FieldElement b) =>
        new(a.L0 + b.L0, a.L1 + b.L1, a.L2 + b.L2, a.L3 + b.L3, a.L4 + b.L4);

    /// <summary>a - b, computed as a + 16p - b so no limb underflows, then weakly reduced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Sub(in FieldElement a, in FieldElement b) =>
        Carry(
            (a.L0 + 36028797018963664UL) - b.L0,   // 16·(2^51 - 19)
            (a.L1 + 36028797018963952UL) - b.L1,   // 16·(2^51 - 1)
            (a.L2 + 36028797018963952UL) - b.L2,
            (a.L3 + 36028797018963952UL) - b.L3,
            (a.L4 + 36028797018963952UL) - b.L4);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Neg(in FieldElement a) => Sub(default, a);

    /// <summary>Carries every limb down to 51 bits (the value is unchanged, not fully reduced).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Reduce(in FieldElement a) => Carry(a.L0, a.L1, a.L2, a.L3, a.L4);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement Carry(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        // Independent carries (no serial chain) so the CPU can overlap them; 2^255 ≡ 19.
        ulong c0 = l0 >> 51, c1 = l1 >> 51, c2 = l2 >> 51, c3 = l3 >> 51, c4 = l4 >> 51;
        return new(
            (l0 & Mask51) + c4 * 19,
            (l1 & Mask51) + c0,
            (l2 & Mask51) + c1,
            (l3 & Mask51) + c2,
            (l4 & Mask51) + c3);
    }

    // ---------------------------------------------------------------- multiplication

    // How products are summed: each 128-bit product p = a·b is split as floor(p/2^53)·2^53 +
    // (p mod 2^53). The low part is the ordinary 64-bit product masked (imul); the high part is
    // the upper half of (a·2^11)·b (mulx), exact because a < 2^53. A column then is two plain
    // ulong sums, H·2^53 + L, with no carry flags to track: .NET has no add-with-carry, and
    // UInt128 or out-parameter products made the JIT spill every partial sum to memory.
    //
    // Mul and Square are not forced inline: they are large, and inlining several into one
    // caller exhausts the JIT's inlining budget, which then leaves Add and Sub as calls.

    private const ulong Mask53 = (1UL << 53) - 1;

    /// <summary>floor(a·b / 2^64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hi(ulong a, ulong b) => Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(a, b) : Math.BigMul(a, b, out _);

    /// <summary>a·b. Needs limbs below 2^53 (see the remarks on the type).</summary>
    public static FieldElement Mul(in FieldElement a, in FieldElement b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        ulong s0 = a0 << 11, s1 = a1 << 11, s2 = a2 << 11, s3 = a3 << 11, s4 = a4 << 11;
        ulong b0 = b.L0, b1 = b.L1, b2 = b.L2, b3 = b.L3, b4 = b.L4;
        ulong b1_19 = b1 * 19, b2_19 = b2 * 19, b3_19 = b3 * 19, b4_19 = b4 * 19;

        ulong l0 = ((a0 * b0) & Mask53) + ((a4 * b1_19) & Mask53) + ((a3 * b2_19) & Mask53) + ((a2 * b3_19) & Mask53) + ((a1 * b4_19) & Mask53);
        ulong h0 = Hi(s0, b0) + Hi(s4, b1_19) + Hi(s3, b2_19) + Hi(s2, b3_19) + Hi(s1, b4_19);
        ulong l1 = ((a1 * b0) & Mask53) + ((a0 * b1) & Mask53) + ((a4 * b2_19) & Mask53) + ((a3 * b3_19) & Mask53) + ((a2 * b4_19) & Mask53);
        ulong h1 = Hi(s1, b0) + Hi(s0, b1) + Hi(s4, b2_19) + Hi(s3, b3_19) + Hi(s2, b4_19);
        ulong l2 = ((a2 * b0) & Mask53) + ((a1 * b1) & Mask53) + ((a0 * b2) & Mask53) + ((a4 * b3_19) & Mask53) + ((a3 * b4_19) & Mask53);
        ulong h2 = Hi(s2, b0) + Hi(s1, b1) + Hi(s0, b2) + Hi(s4, b3_19) + Hi(s3, b4_19);
        ulong l3 = ((a3 * b0) & Mask53) + ((a2 * b1) & Mask53) + ((a1 * b2) & Mask53) + ((a0 * b3) & Mask53) + ((a4 * b4_19) & Mask53);
        ulong h3 = Hi(s3, b0) + Hi(s2, b1) + Hi(s1, b2) + Hi(s0, b3) + Hi(s4, b4_19);
        ulong l4 = ((a4 * b0) & Mask53) + ((a3 * b1) & Mask53) + ((a2 * b2) & Mask53) + ((a1 * b3) & Mask53) + ((a0 * b4) & Mask53);
        ulong h4 = Hi(s4, b0) + Hi(s3, b1) + Hi(s2, b2) + Hi(s1, b3) + Hi(s0, b4);

        return CarryColumns(h0, l0, h1, l1, h2, l2, h3, l3, h4, l4);
    }

    /// <summary>a². Needs limbs below 2^53.</summary>
    public static FieldElement Square(in FieldElement a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        ulong s0 = a0 << 11, s1 = a1 << 11, s2 = a2 << 11, s3 = a3 << 11, s4 = a4 << 11;
        // The doubled and 19-fold factors go on the right (they may exceed 2^53; the shifted left one may not).
        ulong t1 = a1 * 2, t2 = a2 * 2, t3 = a3 * 2, t4 = a4 * 2;
        ulong a3_19 = a3 * 19, a4_19 = a4 * 19, t3_19 = a3_19 * 2, t4_19 = a4_19 * 2;

        ulong l0 = ((a0 * a0) & Mask53) + ((a1 * t4_19) & Mask53) + ((a2 * t3_19) & Mask53);
        ulong h0 = Hi(s0, a0) + Hi(s1, t4_19) + Hi(s2, t3_19);
        ulong l1 = ((a0 * t1) & Mask53) + ((a2 * t4_19) & Mask53) + ((a3 * a3_19) & Mask53);
        ulong h1 = Hi(s0, t1) + Hi(s2, t4_19) + Hi(s3, a3_19);
        ulong l2 = ((a0 * t2) & Mask53) + ((a1 * a1) & Mask53) + ((a3 * t4_19) & Mask53);
        ulong h2 = Hi(s0, t2) + Hi(s1, a1) + Hi(s3, t4_19);
        ulong l3 = ((a0 * t3) & Mask53) + ((a1 * t2) & Mask53) + ((a4 * a4_19) & Mask53);
        ulong h3 = Hi(s0, t3) + Hi(s1, t2) + Hi(s4, a4_19);
        ulong l4 = ((a0 * t4) & Mask53) + ((a1 * t3) & Mask53) + ((a2 * a2) & Mask53);
        ulong h4 = Hi(s0, t4) + Hi(s1, t3) + Hi(s2, a2);

        return CarryColumns(h0, l0, h1, l1, h2, l2, h3, l3, h4, l4);
    }

    /// <summary>2·a² (the doubling formula needs it; saves a separate addition).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Square2(in FieldElement a)
    {
        var s = Square(a);
        return new(s.L0 * 2, s.L1 * 2, s.L2 * 2, s.L3 * 2, s.L4 * 2);
    }

    /// <summary>a^(2^n), n ≥ 1.</summary>
    public static FieldElement SquareTimes(in FieldElement a, int n)
    {
        var r = Square(a);
        for (var i = 1; i < n; i++) r = Square(r);
        return r;
    }

    /// <summary>Turns five columns H_i·2^53 + L_i into weakly reduced limbs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement CarryColumns(ulong h0, ulong l0, ulong h1, ulong l1, ulong h2, ulong l2, ulong h3, ulong l3, ulong h4, ulong l4)
    {
        // Bounds for limbs below 2^53 (which also keeps a << 11 within 64 bits): a product is
        // below 19·2^106 < 2^110.3 (2^111.3 with Square's doubled factors), so each high part is
        // below 2^58.3, H_i < 2^60.6 and 4·H_i < 2^62.6; L_i < 5·2^53. Column 4 has no factor 19,
        // so its carry stays below 2^57.4 and carry·19 < 2^61.7.
        ulong c0 = (h0 << 2) + (l0 >> 51), c1 = (h1 << 2) + (l1 >> 51), c2 = (h2 << 2) + (l2 >> 51),
              c3 = (h3 << 2) + (l3 >> 51), c4 = (h4 << 2) + (l4 >> 51);
        return Carry(
            (l0 & Mask51) + c4 * 19,
            (l1 & Mask51) + c0,
            (l2 & Mask51) + c1,
            (l3 & Mask51) + c2,
            (l4 & Mask51) + c3);
    }

    /// <summary>a·k for a small constant k (k &lt; 2^20), e.g. 121666 or 2.</summary>
    public static FieldElement MulSmall(in FieldElement a, uint k)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        return CarryColumns(
            Hi(a0 << 11, k), (a0 * k) & Mask53, Hi(a1 << 11, k), (a1 * k) & Mask53, Hi(a2 << 11, k), (a2 * k) & Mask53,
            Hi(a3 << 11, k), (a3 * k) & Mask53, Hi(a4 << 11, k), (a4 * k) & Mask53);
    }

    /// <summary>a·121666 (the Montgomery-ladder constant (A+2)/4 of curve25519).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Mul121666(in FieldElement a) => MulSmall(a, 121666);

    // ---------------------------------------------------------------- exponentiation

    /// <summary>Returns a^(2^250 - 1) and a^11, the shared start of Invert and Pow22523.</summary>
    private static FieldElement Pow22501(in FieldElement a, out FieldElement a11)
    {
        var t2 = Square(a);                                   // 2
        var t8 = SquareTimes(t2, 2);                          // 8
        var t9 = Mul(a, t8);                                  // 9
        a11 = Mul(t2, t9);                                    // 11
        var t22 = Square(a11);                                // 22
        var t5_0 = Mul(t9, t22);                              // 2^5 - 1
        var t10_0 = Mul(SquareTimes(t5_0, 5), t5_0);          // 2^10 - 1
        var t20_0 = Mul(SquareTimes(t10_0, 10), t10_0);       // 2^20 - 1
        var t40_0 = Mul(SquareTimes(t20_0, 20), t20_0);       // 2^40 - 1
        var t50_0 = Mul(SquareTimes(t40_0, 10), t10_0);       // 2^50 - 1
        var t100_0 = Mul(SquareTimes(t50_0, 50), t50_0);      // 2^100 - 1
        var t200_0 = Mul(SquareTimes(t100_0, 100), t100_0);   // 2^200 - 1
        return Mul(SquareTimes(t200_0, 50), t50_0);           // 2^250 - 1
    }

    /// <summary>1/a = a^(p-2) = a^((2^250-1)·2^5 + 11); the inverse of 0 is 0.</summary>
    public static FieldElement Invert(in FieldElement a)
    {
        var t = Pow22501(a, out var a11);
        return Mul(SquareTimes(t, 5), a11);
    }

    /// <summary>a^((p-5)/8) = a^(2^252 - 3), the core of the square root in point decoding (RFC 8032 §5.1.3).</summary>
    public static FieldElement Pow22523(in FieldElement a)
    {
        var t = Pow22501(a, out _);
        return Mul(SquareTimes(t, 2), a);
    }

    // ---------------------------------------------------------------- encoding

    /// <summary>Decodes 32 little-endian bytes, ignoring the top bit (RFC 7748 §5, RFC 8032 §5.1.3).
    /// Values in [p, 2^255) are accepted and reduced; use <see cref="IsCanonical"/> to reject them.</summary>
    public static FieldElement FromBytes(ReadOnlySpan<byte> s)
    {
        if (s.Length != 32) throw new ArgumentException("a field element is 32 bytes", nameof(s));
        ulong w0 = ReadU64(s, 0), w1 = ReadU64(s, 8), w2 = ReadU64(s, 16), w3 = ReadU64(s, 24);
        return new(
            w0 & Mask51,
            ((w0 >> 51) | (w1 << 13)) & Mask51,
            ((w1 >> 38) | (w2 << 26)) & Mask51,
            ((w2 >> 25) | (w3 << 39)) & Mask51,
            (w3 >> 12) & Mask51);
    }

    /// <summary>True when the low 255 bits of <paramref name="s"/> encode a value below p (the top bit,
    /// which carries a sign in point encodings, is not looked at).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> s)
    {
        if (s.Length != 32) return false;
        Span<byte> round = stackalloc byte[32];
        FromBytes(s).ToBytes(round);
        round[31] |= (byte)(s[31] & 0x80);
        return CryptographicOperations.FixedTimeEquals(round, s);
    }

    /// <summary>Writes the unique representative in [0, p) as 32 little-endian bytes (top bit 0).</summary>
    public readonly void ToBytes(Span<byte> s)
    {
        if (s.Length < 32) throw new ArgumentException("a field element needs 32 bytes", nameof(s));
        var r = Reduce(this);
        ulong l0 = r.L0, l1 = r.L1, l2 = r.L2, l3 = r.L3, l4 = r.L4;
        // q = 1 exactly when value ≥ p, i.e. when value + 19 reaches 2^255.
        ulong q = (l0 + 19) >> 51;
        q = (l1 + q) >> 51;
        q = (l2 + q) >> 51;
        q = (l3 + q) >> 51;
        q = (l4 + q) >> 51;
        l0 += 19 * q;                      // value + 19q - q·2^255 (the 2^255 is dropped by the mask)
        l1 += l0 >> 51; l0 &= Mask51;
        l2 += l1 >> 51; l1 &= Mask51;
        l3 += l2 >> 51; l2 &= Mask51;
        l4 += l3 >> 51; l3 &= Mask51;
        l4 &= Mask51;
        WriteU64(s, 0, l0 | (l1 << 51));
        WriteU64(s, 8, (l1 >> 13) | (l2 << 38));
        WriteU64(s, 16, (l2 >> 26) | (l3 << 25));
        WriteU64(s, 24, (l3 >> 39) | (l4 << 12));
    }

    /// <summary>The first 8 bytes of <see cref="ToBytes"/> as a little-endian ulong, for an element
    /// straight out of Mul/Square/Sub (limbs below 2^51 + 2^18). The vanity search compares
    /// address prefixes against it without encoding the whole element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly ulong CanonicalLow64()
    {
        ulong q = (L0 + 19) >> 51;
        q = (L1 + q) >> 51;
        q = (L2 + q) >> 51;
        q = (L3 + q) >> 51;
        q = (L4 + q) >> 51;
        ulong l0 = L0 + 19 * q;
        ulong l1 = L1 + (l0 >> 51);
        return (l0 & Mask51) | (l1 << 51);
    }

    public readonly byte[] ToArray()
    {
        var b = new byte[32];
        ToBytes(b);
        return b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadU64(ReadOnlySpan<byte> s, int o) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s[o..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteU64(Span<byte> s, int o, ulong v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(s[o..], v);

    // ---------------------------------------------------------------- predicates and selection

    /// <summary>The "sign" of RFC 8032: the low bit of the canonical encoding.</summary>
    public readonly bool IsNegative
    {
        get
        {
            Span<byte> b = stackalloc byte[32];
            ToBytes(b);
            return (b[0] & 1) != 0;
        }
    }

    public readonly bool IsZero
    {
        get
        {
            Span<byte> b = stackalloc byte[32];
            ToBytes(b);
            var acc = 0;
            foreach (var x in b) acc |= x;
            return acc == 0;
        }
    }

    /// <summary>Constant-time equality of the values (not of the limb representations).</summary>
    public readonly bool ValueEquals(in FieldElement other)
    {
        Span<byte> x = stackalloc byte[32], y = stackalloc byte[32];
        ToBytes(x);
        other.ToBytes(y);
        return CryptographicOperations.FixedTimeEquals(x, y);
    }

    /// <summary>Returns <paramref name="b"/> when <paramref name="choice"/> is 1 and <paramref name="a"/> when it is 0, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Select(in FieldElement a, in FieldElement b, int choice)
    {
        ulong m = 0UL - (ulong)(choice & 1);
        return new(
            a.L0 ^ (m & (a.L0 ^ b.L0)), a.L1 ^ (m & (a.L1 ^ b.L1)), a.L2 ^ (m & (a.L2 ^ b.L2)),
            a.L3 ^ (m & (a.L3 ^ b.L3)), a.L4 ^ (m & (a.L4 ^ b.L4)));
    }

    /// <summary>Swaps a and b when <paramref name="swap"/> is 1, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ConditionalSwap(ref FieldElement a, ref FieldElement b, int swap)
    {
        ulong m = 0UL - (ulong)(swap & 1);
        ulong t;
        t = m & (a.L0 ^ b.L0); a.L0 ^= t; b.L0 ^= t;
        t = m & (a.L1 ^ b.L1); a.L1 ^= t; b.L1 ^= t;
        t = m & (a.L2 ^ b.L2); a.L2 ^= t; b.L2 ^= t;
        t = m & (a.L3 ^ b.L3); a.L3 ^= t; b.L3 ^= t;
        t = m & (a.L4 ^ b.L4); a.L4 ^= t; b.L4 ^= t;
    }

    /// <summary>-a when <paramref name="negate"/> is 1, a otherwise, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement ConditionalNegate(in FieldElement a, int negate) => Select(a, Neg(a), negate);

    /// <summary>Overwrites the limbs (for elements derived from secrets).</summary>
    public void Clear() => this = default;

    public static FieldElement operator +(in FieldElement a, in FieldElement b) => Add(a, b);
    public static FieldElement operator -(in FieldElement a, in FieldElement b) => Sub(a, b);
    public static FieldElement operator -(in FieldElement a) => Neg(a);
    public static FieldElement operator *(in FieldElement a, in FieldElement b) => Mul(a, b);

    /// <summary>Diagnostic form (hex of the canonical encoding); never call it on secret-derived values in logs.</summary>
    public override readonly string ToString() => Convert.ToHexStringLower(ToArray());
}
