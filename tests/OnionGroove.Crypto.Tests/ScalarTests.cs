using System.Numerics;
using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Tests;

/// <summary>The obviously right model of arithmetic mod l that the limb code is checked against.</summary>
internal static class ScalarReference
{
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    public static BigInteger Of(ReadOnlySpan<byte> s) => new(s, isUnsigned: true, isBigEndian: false);

    public static byte[] Bytes(BigInteger v, int length = 32)
    {
        var b = new byte[length];
        Assert.True(v.TryWriteBytes(b, out _, isUnsigned: true, isBigEndian: false));
        return b;
    }
}

/// <summary><see cref="Scalar"/> (five 52-bit limbs, Montgomery multiplication) against BigInteger on
/// random and edge-case inputs.</summary>
public class ScalarTests
{
    private static readonly BigInteger L = ScalarReference.L;

    private static IEnumerable<BigInteger> Edges(int bytes)
    {
        var max = BigInteger.Pow(2, 8 * bytes) - 1;
        yield return 0;
        yield return 1;
        yield return L - 1;
        yield return L;
        yield return L + 1;
        yield return 2 * L - 1;
        yield return 2 * L;
        yield return BigInteger.Pow(2, 252);
        yield return BigInteger.Pow(2, 255) - 1;
        yield return BigInteger.Pow(2, 256) - 1;
        yield return max;
        yield return max - L;
        yield return max / L * L;                 // the largest multiple of l that fits
        yield return max / L * L - 1;
        for (var i = 0; i < 300; i++) yield return ScalarReference.Of(RandomNumberGenerator.GetBytes(bytes));
        // Mostly-ones and mostly-zeros patterns stress the carries.
        for (var i = 0; i < 50; i++)
        {
            var b = RandomNumberGenerator.GetBytes(bytes);
            for (var j = 0; j < b.Length; j++) b[j] = (byte)(b[j] < 128 ? 0xff : 0);
            yield return ScalarReference.Of(b);
        }
    }

    private static List<BigInteger> Values(int bytes) => Edges(bytes).Where(v => v.Sign >= 0 && v < BigInteger.Pow(2, 8 * bytes)).ToList();

    [Fact]
    public void ReducesWideValuesLikeBigInteger()
    {
        var into = new byte[32];
        foreach (var v in Values(64))
        {
            Scalar.Reduce(ScalarReference.Bytes(v, 64), into);
            Assert.Equal(v % L, ScalarReference.Of(into));
        }
    }

    [Fact]
    public void ReducesNarrowValuesLikeBigInteger()
    {
        var into = new byte[32];
        foreach (var v in Values(32))
        {
            Scalar.Reduce(ScalarReference.Bytes(v), into);
            Assert.Equal(v % L, ScalarReference.Of(into));
            Assert.Equal((v % L).IsZero, Scalar.IsZeroModL(ScalarReference.Bytes(v)));
            Assert.Equal(v < L, Scalar.IsCanonical(ScalarReference.Bytes(v)));
        }
    }

    [Fact]
    public void MulAndMulAddAgreeWithBigIntegerOnAllPairsOfEdgesAndRandoms()
    {
        var values = Values(32);
        var edges = values.Take(14).ToList();
        var into = new byte[32];
        var pairs = edges.SelectMany(a => edges.Select(b => (a, b)))
            .Concat(Enumerable.Range(0, 500).Select(i => (values[RandomNumberGenerator.GetInt32(values.Count)], values[RandomNumberGenerator.GetInt32(values.Count)])));
        foreach (var (a, b) in pairs)
        {
            var c = values[RandomNumberGenerator.GetInt32(values.Count)];
            Scalar.Mul(ScalarReference.Bytes(a), ScalarReference.Bytes(b), into);
            Assert.Equal(a * b % L, ScalarReference.Of(into));
            Scalar.MulAdd(ScalarReference.Bytes(a), ScalarReference.Bytes(b), ScalarReference.Bytes(c), into);
            Assert.Equal((a * b + c) % L, ScalarReference.Of(into));
        }
    }

    [Fact]
    public void OrderBytesIsL() => Assert.Equal(L, ScalarReference.Of(Scalar.OrderBytes));

    [Fact]
    public void IsZeroModLOnMultiplesOfL()
    {
        Assert.True(Scalar.IsZeroModL(new byte[32]));
        Assert.True(Scalar.IsZeroModL(ScalarReference.Bytes(L)));
        Assert.True(Scalar.IsZeroModL(ScalarReference.Bytes(15 * L)));
        Assert.False(Scalar.IsZeroModL(ScalarReference.Bytes(15 * L + 1)));
        Assert.False(Scalar.IsZeroModL(ScalarReference.Bytes(L - 1)));
    }
}
