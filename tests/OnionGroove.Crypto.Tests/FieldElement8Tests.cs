using System.Numerics;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Tests;

/// <summary>The eight-lane field arithmetic of the vanity search against BigInteger arithmetic mod p,
/// lane by lane, on random elements and on the edges (0, 1, p−1, values near 2^255).</summary>
public class FieldElement8Tests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    private static BigInteger Big(in FieldElement f) => new(f.ToArray(), isUnsigned: true);

    private static FieldElement Element(BigInteger v)
    {
        var bytes = new byte[32];
        (((v % P) + P) % P).TryWriteBytes(bytes, out _, isUnsigned: true);
        return FieldElement.FromBytes(bytes);
    }

    private static (FieldElement8 Vector, BigInteger[] Values) Random8(Random rng, int round)
    {
        var values = new BigInteger[FieldElement8.Lanes];
        var bytes = new byte[32];
        for (var i = 0; i < values.Length; i++)
        {
            rng.NextBytes(bytes);
            bytes[31] &= 0x7f;
            values[i] = (round, i) switch
            {
                (0, 0) => BigInteger.Zero,
                (0, 1) => BigInteger.One,
                (0, 2) => P - 1,
                (0, 3) => P - 19,
                (1, _) => P - 1 - i,
                _ => new BigInteger(bytes, isUnsigned: true) % P,
            };
        }
        return (FieldElement8.FromLanes(values.Select(Element).ToArray()), values);
    }

    private static void AssertLanes(in FieldElement8 actual, Func<int, BigInteger> expected)
    {
        for (var i = 0; i < FieldElement8.Lanes; i++)
        {
            var want = ((expected(i) % P) + P) % P;
            Assert.Equal(want, Big(actual.Lane(i)));
            // The fast path's view: the first 8 bytes of the canonical encoding.
            Assert.Equal((ulong)(want & ulong.MaxValue), actual.CanonicalLow64()[i]);
        }
    }

    [Fact]
    public void Arithmetic_matches_big_integers_lane_by_lane()
    {
        if (!FieldElement8.IsSupported) return;
        var rng = new Random(8);
        for (var round = 0; round < 200; round++)
        {
            var (a, av) = Random8(rng, round);
            var (b, bv) = Random8(rng, round + 1);
            var (c, cv) = Random8(rng, round + 2);
            var product = FieldElement8.Mul(a, b);
            AssertLanes(product, i => av[i] * bv[i]);
            AssertLanes(FieldElement8.Square(a), i => av[i] * av[i]);
            // The widest operands the worker feeds Mul: a sum and a difference of reduced elements.
            var sum = FieldElement8.Add(product, c);
            var diff = FieldElement8.Sub(c, product);
            AssertLanes(FieldElement8.Mul(sum, diff), i => (av[i] * bv[i] + cv[i]) * (cv[i] - av[i] * bv[i]));
            AssertLanes(FieldElement8.Mul(diff, diff), i => BigInteger.Pow(cv[i] - av[i] * bv[i], 2));
            if (round < 10)
                AssertLanes(FieldElement8.Invert(a), i => av[i].IsZero ? 0 : BigInteger.ModPow(av[i], P - 2, P));
        }
    }

    [Fact]
    public void Canonical_low_bits_agree_with_the_scalar_field()
    {
        if (!FieldElement8.IsSupported) return;
        var rng = new Random(9);
        for (var round = 0; round < 50; round++)
        {
            var (a, av) = Random8(rng, round);
            var (b, bv) = Random8(rng, round + 3);
            var low = FieldElement8.Mul(a, b).CanonicalLow64();
            for (var i = 0; i < FieldElement8.Lanes; i++)
                Assert.Equal(FieldElement.Mul(Element(av[i]), Element(bv[i])).CanonicalLow64(), low[i]);
        }
    }
}
