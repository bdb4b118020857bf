using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace OnionGroove.Crypto.Curve;

/// <summary>An integer below 2^260 in five 52-bit limbs, for arithmetic modulo the group order l with
/// Montgomery multiplication (R = 2^260). Every operation is branch-free and independent of the values,
/// because signing feeds it secret scalars and nonces.</summary>
[SkipLocalsInit]
internal struct Scalar52
{
    private const ulong Mask52 = (1UL << 52) - 1;

    public ulong L0, L1, L2, L3, L4;

    private Scalar52(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3; L4 = l4;
    }

    /// <summary>l = 2^252 + 27742317777372353535851937790883648493 (its limb 3 is 0).</summary>
    private static Scalar52 Order => new(0x2631a5cf5d3ed, 0xdea2f79cd6581, 0x14def9, 0, 0x100000000000);

    /// <summary>−l⁻¹ mod 2^52: the factor that makes each Montgomery step divisible by 2^52.</summary>
    private const ulong MontgomeryFactor = 0x51da312547e1b;

    /// <summary>R mod l = 2^260 mod l.</summary>
    private static Scalar52 R => new(0xf48bd6721e6ed, 0x3bab5ac67e45a, 0xfffffeb35e51b, 0xfffffffffffff, 0xfffffffffff);

    /// <summary>R² mod l = 2^520 mod l.</summary>
    private static Scalar52 RR => new(0x9d265e952d13b, 0xd63c715bea69f, 0x5be65cb687604, 0x3dceec73d217f, 0x9411b7c309a);

    /// <summary>32 little-endian bytes, not reduced (values up to 2^256 − 1).</summary>
    public static Scalar52 FromBytes(ReadOnlySpan<byte> s)
    {
        ulong w0 = BinaryPrimitives.ReadUInt64LittleEndian(s), w1 = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]),
              w2 = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]), w3 = BinaryPrimitives.ReadUInt64LittleEndian(s[24..32]);
        return new(w0 & Mask52, ((w0 >> 52) | (w1 << 12)) & Mask52, ((w1 >> 40) | (w2 << 24)) & Mask52,
            ((w2 >> 28) | (w3 << 36)) & Mask52, w3 >> 16);
    }

    /// <summary>A 64-byte little-endian integer (a SHA-512 output) mod l: low 260 bits + high 252 bits · 2^260.</summary>
    public static Scalar52 FromWideBytes(ReadOnlySpan<byte> s)
    {
        ulong w0 = BinaryPrimitives.ReadUInt64LittleEndian(s), w1 = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]),
              w2 = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]), w3 = BinaryPrimitives.ReadUInt64LittleEndian(s[24..]),
              w4 = BinaryPrimitives.ReadUInt64LittleEndian(s[32..]), w5 = BinaryPrimitives.ReadUInt64LittleEndian(s[40..]),
              w6 = BinaryPrimitives.ReadUInt64LittleEndian(s[48..]), w7 = BinaryPrimitives.ReadUInt64LittleEndian(s[56..64]);
        var lo = new Scalar52(w0 & Mask52, ((w0 >> 52) | (w1 << 12)) & Mask52, ((w1 >> 40) | (w2 << 24)) & Mask52,
            ((w2 >> 28) | (w3 << 36)) & Mask52, ((w3 >> 16) | (w4 << 48)) & Mask52);
        var hi = new Scalar52((w4 >> 4) & Mask52, ((w4 >> 56) | (w5 << 8)) & Mask52, ((w5 >> 44) | (w6 << 20)) & Mask52,
            ((w6 >> 32) | (w7 << 32)) & Mask52, w7 >> 20);
        // lo·R/R = lo and hi·R²/R = hi·2^260, each already below l.
        return Add(MontgomeryMul(lo, R), MontgomeryMul(hi, RR));
    }

    /// <summary>Writes 32 little-endian bytes (the value must be below 2^256, as every reduced scalar is).</summary>
    public readonly void ToBytes(Span<byte> into)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(into, L0 | (L1 << 52));
        BinaryPrimitives.WriteUInt64LittleEndian(into[8..], (L1 >> 12) | (L2 << 40));
        BinaryPrimitives.WriteUInt64LittleEndian(into[16..], (L2 >> 24) | (L3 << 28));
        BinaryPrimitives.WriteUInt64LittleEndian(into[24..32], (L3 >> 36) | (L4 << 16));
    }

    /// <summary>x mod l for any x below 2^256.</summary>
    public static Scalar52 Reduce(in Scalar52 x) => MontgomeryMul(x, R);

    /// <summary>a·b mod l for any a, b below 2^256.</summary>
    public static Scalar52 Mul(in Scalar52 a, in Scalar52 b) => MontgomeryMul(MontgomeryMul(a, b), RR);

    /// <summary>a + b mod l for a, b already below l.</summary>
    public static Scalar52 Add(in Scalar52 a, in Scalar52 b)
    {
        ulong c = a.L0 + b.L0, s0 = c & Mask52;
        c = (c >> 52) + a.L1 + b.L1; ulong s1 = c & Mask52;
        c = (c >> 52) + a.L2 + b.L2; ulong s2 = c & Mask52;
        c = (c >> 52) + a.L3 + b.L3; ulong s3 = c & Mask52;
        c = (c >> 52) + a.L4 + b.L4;
        return SubtractOrder(new Scalar52(s0, s1, s2, s3, c));
    }

    /// <summary>x − l if x ≥ l, else x, for x below 2l: subtract, then add l back under a mask built
    /// from the final borrow (no branch on the value).</summary>
    private static Scalar52 SubtractOrder(in Scalar52 x)
    {
        var l = Order;
        ulong d0 = x.L0 - l.L0;
        ulong d1 = x.L1 - l.L1 - (d0 >> 63);
        ulong d2 = x.L2 - l.L2 - (d1 >> 63);
        ulong d3 = x.L3 - l.L3 - (d2 >> 63);
        ulong d4 = x.L4 - l.L4 - (d3 >> 63);
        ulong mask = 0 - (d4 >> 63);                     // all ones when x < l
        ulong c = (d0 & Mask52) + (l.L0 & mask), r0 = c & Mask52;
        c = (c >> 52) + (d1 & Mask52) + (l.L1 & mask); ulong r1 = c & Mask52;
        c = (c >> 52) + (d2 & Mask52) + (l.L2 & mask); ulong r2 = c & Mask52;
        c = (c >> 52) + (d3 & Mask52) + (l.L3 & mask); ulong r3 = c & Mask52;
        c = (c >> 52) + (d4 & Mask52) + (l.L4 & mask); ulong r4 = c & Mask52;
        return new Scalar52(r0, r1, r2, r3, r4);
    }

    /// <summary>a·b/R mod l (a, b below 2^260 with 52-bit limbs, a·b below 2^260·l so the result is below 2l
    /// before the final subtraction).</summary>
    public static Scalar52 MontgomeryMul(in Scalar52 a, in Scalar52 b)
    {
        UInt128 z0 = M(a.L0, b.L0);
        UInt128 z1 = M(a.L0, b.L1) + M(a.L1, b.L0);
        UInt128 z2 = M(a.L0, b.L2) + M(a.L1, b.L1) + M(a.L2, b.L0);
        UInt128 z3 = M(a.L0, b.L3) + M(a.L1, b.L2) + M(a.L2, b.L1) + M(a.L3, b.L0);
        UInt128 z4 = M(a.L0, b.L4) + M(a.L1, b.L3) + M(a.L2, b.L2) + M(a.L3, b.L1) + M(a.L4, b.L0);
        UInt128 z5 = M(a.L1, b.L4) + M(a.L2, b.L3) + M(a.L3, b.L2) + M(a.L4, b.L1);
        UInt128 z6 = M(a.L2, b.L4) + M(a.L3, b.L3) + M(a.L4, b.L2);
        UInt128 z7 = M(a.L3, b.L4) + M(a.L4, b.L3);
        UInt128 z8 = M(a.L4, b.L4);
        return MontgomeryReduce(z0, z1, z2, z3, z4, z5, z6, z7, z8);
    }

    /// <summary>Divides a 9-column product by R = 2^260 mod l: each of five steps adds the multiple n·l
    /// that clears the lowest 52 bits, then drops them (limb 3 of l is 0, so its products are left out).</summary>
    private static Scalar52 MontgomeryReduce(UInt128 z0, UInt128 z1, UInt128 z2, UInt128 z3, UInt128 z4,
        UInt128 z5, UInt128 z6, UInt128 z7, UInt128 z8)
    {
        var l = Order;
        var n0 = Step(z0, l.L0, out var carry);
        var n1 = Step(carry + z1 + M(n0, l.L1), l.L0, out carry);
        var n2 = Step(carry + z2 + M(n0, l.L2) + M(n1, l.L1), l.L0, out carry);
        var n3 = Step(carry + z3 + M(n1, l.L2) + M(n2, l.L1), l.L0, out carry);
        var n4 = Step(carry + z4 + M(n0, l.L4) + M(n2, l.L2) + M(n3, l.L1), l.L0, out carry);
        var r0 = Split(carry + z5 + M(n1, l.L4) + M(n3, l.L2) + M(n4, l.L1), out carry);
        var r1 = Split(carry + z6 + M(n2, l.L4) + M(n4, l.L2), out carry);
        var r2 = Split(carry + z7 + M(n3, l.L4), out carry);
        var r3 = Split(carry + z8 + M(n4, l.L4), out carry);
        return SubtractOrder(new Scalar52(r0, r1, r2, r3, (ulong)carry));
    }

    /// <summary>One Montgomery step: n = column·(−l⁻¹) mod 2^52, so column + n·l0 ends in 52 zero bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(UInt128 column, ulong l0, out UInt128 carry)
    {
        var n = ((ulong)column * MontgomeryFactor) & Mask52;
        carry = (column + M(n, l0)) >> 52;
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Split(UInt128 column, out UInt128 carry)
    {
        carry = column >> 52;
        return (ulong)column & Mask52;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 M(ulong a, ulong b) => Math.BigMul(a, b);

    public void Clear() => this = default;
}
