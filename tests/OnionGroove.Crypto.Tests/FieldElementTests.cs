using System.Numerics;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Tests;

/// <summary>FieldElement checked against System.Numerics.BigInteger arithmetic mod p.</summary>
public class FieldElementTests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger Two255 = BigInteger.Pow(2, 255);

    private static BigInteger Mod(BigInteger v) => ((v % P) + P) % P;

    private static byte[] Encode(BigInteger v)
    {
        var b = new byte[32];
        v.TryWriteBytes(b, out _, isUnsigned: true, isBigEndian: false);
        return b;
    }

    private static BigInteger Decode(ReadOnlySpan<byte> b) => new(b, isUnsigned: true, isBigEndian: false);

    private static BigInteger Value(FieldElement f) => Decode(f.ToArray());

    /// <summary>The integer a limb vector stands for, without any reduction.</summary>
    private static BigInteger LimbValue(FieldElement f) =>
        f.L0 + ((BigInteger)f.L1 << 51) + ((BigInteger)f.L2 << 102) + ((BigInteger)f.L3 << 153) + ((BigInteger)f.L4 << 204);

    private static FieldElement Fe(BigInteger v) => FieldElement.FromBytes(Encode(Mod(v)));

    /// <summary>Edge values and, deterministically seeded, random ones (a fixed seed keeps failures reproducible).</summary>
    public static IEnumerable<BigInteger> Samples()
    {
        BigInteger[] edges =
        [
            0, 1, 2, 18, 19, 20, 121665, 121666, P - 1, P - 2, P - 19, (P - 1) / 2, (P + 1) / 2,
            (BigInteger.One << 51) - 1, BigInteger.One << 51, (BigInteger.One << 204) + 1,
            (BigInteger.One << 254), (BigInteger.One << 255) - 20, BigInteger.Pow(2, 128) - 1,
        ];
        foreach (var e in edges) yield return e;
        var rng = new Random(25519);
        var buf = new byte[32];
        for (var i = 0; i < 200; i++)
        {
            rng.NextBytes(buf);
            buf[31] &= 0x7f;
            yield return Mod(Decode(buf));
        }
    }

    public static IEnumerable<object[]> Pairs()
    {
        var s = Samples().ToArray();
        var rng = new Random(7);
        for (var i = 0; i < s.Length; i++) yield return [s[i].ToString(), s[rng.Next(s.Length)].ToString()];
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Arithmetic_matches_BigInteger(string aText, string bText)
    {
        BigInteger a = BigInteger.Parse(aText), b = BigInteger.Parse(bText);
        FieldElement fa = Fe(a), fb = Fe(b);

        Assert.Equal(Mod(a + b), Value(FieldElement.Add(fa, fb)));
        Assert.Equal(Mod(a - b), Value(FieldElement.Sub(fa, fb)));
        Assert.Equal(Mod(b - a), Value(fb - fa));
        Assert.Equal(Mod(-a), Value(FieldElement.Neg(fa)));
        Assert.Equal(Mod(a * b), Value(FieldElement.Mul(fa, fb)));
        Assert.Equal(Mod(a * a), Value(FieldElement.Square(fa)));
        Assert.Equal(Mod(2 * a * a), Value(FieldElement.Square2(fa)));
        Assert.Equal(Mod(a * 121666), Value(FieldElement.Mul121666(fa)));
        Assert.Equal(Mod(BigInteger.ModPow(a, BigInteger.Pow(2, 7), P)), Value(FieldElement.SquareTimes(fa, 7)));
        // Products of unreduced sums are allowed by the documented limb bounds.
        Assert.Equal(Mod((a + b) * (a + b)), Value(FieldElement.Square(fa + fb)));
        Assert.Equal(Mod((a + b) * (b - a)), Value(FieldElement.Mul(fa + fb, fb - fa)));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Invert_and_Pow22523_match_BigInteger(string aText, string _)
    {
        var a = BigInteger.Parse(aText);
        var fa = Fe(a);
        Assert.Equal(BigInteger.ModPow(a, P - 2, P), Value(FieldElement.Invert(fa)));
        Assert.Equal(BigInteger.ModPow(a, (P - 5) / 8, P), Value(FieldElement.Pow22523(fa)));
        if (a != 0) Assert.Equal(BigInteger.One, Value(FieldElement.Mul(fa, FieldElement.Invert(fa))));
    }

    [Fact]
    public void Mul_and_Square_are_exact_at_the_documented_limb_bound()
    {
        // Every limb at 2^53 - 1, the largest Mul/Square promise to accept.
        const ulong max = (1UL << 53) - 1;
        var big = new FieldElement(max, max, max, max, max);
        var v = LimbValue(big);
        Assert.Equal(Mod(v * v), Value(FieldElement.Square(big)));
        Assert.Equal(Mod(v * v), Value(FieldElement.Mul(big, big)));
        Assert.Equal(Mod(v * (P - 1)), Value(FieldElement.Mul(big, Fe(P - 1))));
        Assert.Equal(Mod(2 * v * v), Value(FieldElement.Square2(big)));
        Assert.Equal(Mod(v * 121666), Value(FieldElement.Mul121666(big)));
        // A sum of three weakly reduced elements stays within the bound.
        var three = Fe(P - 1) + Fe(P - 2) + Fe(P - 3);
        Assert.Equal(36, Value(FieldElement.Square(three))); // (-1 - 2 - 3)²
        // Outputs come back weakly reduced, so they can be fed straight back in.
        var sq = FieldElement.Square(big);
        Assert.True(sq.L0 < (1UL << 51) + (1UL << 18) && sq.L1 < (1UL << 51) + (1UL << 18) && sq.L4 < (1UL << 51) + (1UL << 18));
    }

    [Fact]
    public void Sub_handles_the_largest_subtrahend_limbs()
    {
        // Sub adds 16p first, so each subtrahend limb may reach 16·(2^51 - 19) = 2^55 - 304.
        const ulong max = (1UL << 55) - 304;
        var b = new FieldElement(max, max, max, max, max);
        var bv = LimbValue(b);
        Assert.Equal(Mod(-bv), Value(FieldElement.Neg(b)));
        Assert.Equal(Mod(5 - bv), Value(FieldElement.Sub(Fe(5), b)));
    }

    [Fact]
    public void Reduce_and_ToBytes_handle_full_64_bit_limbs()
    {
        var f = new FieldElement(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);
        Assert.Equal(Mod(LimbValue(f)), Value(f));
        Assert.Equal(Mod(LimbValue(f)), LimbValue(FieldElement.Reduce(f)) % P);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(18)]
    public void Encodings_at_and_above_p_reduce_and_are_not_canonical(int k)
    {
        // p + k for k ≤ 18 still fits in 255 bits (p + 18 = 2^255 - 1).
        var v = P + k;
        var bytes = Encode(v);
        Assert.False(FieldElement.IsCanonical(bytes));
        Assert.Equal(Mod(v), Value(FieldElement.FromBytes(bytes)));
    }

    [Fact]
    public void Canonical_check_and_top_bit()
    {
        Assert.True(FieldElement.IsCanonical(Encode(P - 1)));
        Assert.True(FieldElement.IsCanonical(Encode(0)));
        Assert.False(FieldElement.IsCanonical(Encode(P)));
        Assert.False(FieldElement.IsCanonical(Encode(Two255 - 1)));
        Assert.False(FieldElement.IsCanonical(new byte[31]));

        // The top bit is ignored by FromBytes (RFC 7748) and by the canonical check (it is a sign bit).
        var withTop = Encode(P - 1);
        withTop[31] |= 0x80;
        Assert.True(FieldElement.IsCanonical(withTop));
        Assert.Equal(P - 1, Value(FieldElement.FromBytes(withTop)));
        var all = Enumerable.Repeat((byte)0xff, 32).ToArray();
        Assert.Equal(Mod(Two255 - 1), Value(FieldElement.FromBytes(all)));
        Assert.Equal((byte)0, FieldElement.FromBytes(all).ToArray()[31] & 0x80);
    }

    [Fact]
    public void Predicates_and_selection()
    {
        Assert.True(FieldElement.FromBytes(Encode(P)).IsZero);
        Assert.True(FieldElement.Zero.IsZero);
        Assert.False(FieldElement.One.IsZero);
        Assert.True(Fe(1).IsNegative);
        Assert.False(Fe(2).IsNegative);
        Assert.False(Fe(P - 1).IsNegative);           // p-1 is even
        Assert.True(FieldElement.FromBytes(Encode(P + 1)).IsNegative); // reduces to 1

        var a = Fe(12345);
        var b = Fe(P - 777);
        Assert.True(FieldElement.FromBytes(Encode(P + 3)).ValueEquals(Fe(3)));
        Assert.False(a.ValueEquals(b));
        Assert.Equal(12345, Value(FieldElement.Select(a, b, 0)));
        Assert.Equal(P - 777, Value(FieldElement.Select(a, b, 1)));
        Assert.Equal(P - 12345, Value(FieldElement.ConditionalNegate(a, 1)));
        Assert.Equal(12345, Value(FieldElement.ConditionalNegate(a, 0)));

        FieldElement x = a, y = b;
        FieldElement.ConditionalSwap(ref x, ref y, 0);
        Assert.Equal(12345, Value(x));
        FieldElement.ConditionalSwap(ref x, ref y, 1);
        Assert.Equal(P - 777, Value(x));
        Assert.Equal(12345, Value(y));
    }

    [Fact]
    public void Constants_have_their_defining_properties()
    {
        // d·121666 = -121665 and sqrt(-1)² = -1 (RFC 8032 §5.1).
        Assert.Equal(P - 121665, Value(FieldElement.Mul121666(FieldElement.D)));
        Assert.Equal(Mod(2 * Value(FieldElement.D)), Value(FieldElement.D2));
        Assert.Equal(P - 1, Value(FieldElement.Square(FieldElement.SqrtM1)));
    }
}
