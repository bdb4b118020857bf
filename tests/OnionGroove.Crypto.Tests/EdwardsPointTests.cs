using System.Numerics;
using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>Point decoding rules and the two scalar multiplications against each other.</summary>
public class EdwardsPointTests
{
    private static byte[] H(string hex) => Convert.FromHexString(hex);

    public static TheoryData<string, string, string> Rejected => new()
    {
        { "y = p", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "non-canonical" },
        { "y = p + 1", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "non-canonical" },
        { "y = 2^255 − 1", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "non-canonical" },
        { "x = 0 with sign", "0100000000000000000000000000000000000000000000000000000000000080", "x = 0 with the sign bit" },
        { "off curve (tor)", "e19c65de75c68cf3b7643ea732ba9eb1a3d20d6d57ba223c2ece1df66feb5af0", "not a point on the curve" },
        { "y = 2 (off curve)", "0200000000000000000000000000000000000000000000000000000000000000", "not a point on the curve" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void DecodingIsStrict(string what, string hex, string reason)
    {
        Assert.False(EdwardsPoint.TryDecode(H(hex), out _, out var error), what);
        Assert.Contains(reason, error);
        Assert.False(Ed25519PublicKey.TryFromBytes(H(hex), out _, out _));
    }

    public static TheoryData<string, string, string> NotKeys => new()
    {
        { "identity", "0100000000000000000000000000000000000000000000000000000000000000", "identity" },
        { "order 2 (y = −1)", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "small-order" },
        { "order 8", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", "small-order" },
    };

    [Theory]
    [MemberData(nameof(NotKeys))]
    public void SmallOrderPointsDecodeButAreNotKeys(string what, string hex, string reason)
    {
        Assert.True(EdwardsPoint.TryDecode(H(hex), out _, out var error), $"{what}: {error}");
        Assert.False(IdentityPublicKey.TryFromBytes(H(hex), out _, out error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void AKeyPlusATorsionPointIsRefused()
    {
        using var key = IdentitySecretKey.Generate();
        Assert.True(EdwardsPoint.TryDecode(key.PublicKey.AsSpan(), out var a, out _));
        Assert.True(EdwardsPoint.TryDecode(H("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), out var t, out _));
        var mixed = EdwardsPoint.Add(a, t).Encode();
        Assert.False(IdentityPublicKey.TryFromBytes(mixed, out _, out var error));
        Assert.Contains("small-order", error);
    }

    [Fact]
    public void BaseTableAgreesWithDoubleAndAdd()
    {
        var l = ScalarReference.L;
        var scalars = new List<BigInteger> { 0, 1, 2, 7, 8, 15, 16, l - 1, l, l + 1, BigInteger.Pow(2, 255) - 1, BigInteger.Pow(2, 256) - 1 };
        for (var i = 0; i < 30; i++) scalars.Add(new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true));
        foreach (var k in scalars)
        {
            var bytes = new byte[32];
            k.TryWriteBytes(bytes, out _, isUnsigned: true);
            var viaTable = EdwardsPoint.MulBase(bytes);
            var viaLadder = EdwardsPoint.MulVartime(EdwardsPoint.Base, bytes);
            Assert.True(viaTable.PointEquals(viaLadder), $"k = {k}");
            Assert.True(EdwardsPoint.MulDoubleAndAdd(EdwardsPoint.Base, bytes).PointEquals(viaLadder), $"constant-time ladder, k = {k}");
            Assert.Equal(Convert.ToHexStringLower(viaLadder.Encode()), Convert.ToHexStringLower(viaTable.Encode()));
        }
        Assert.True(EdwardsPoint.MulBase(new byte[32]).IsIdentity);
        Assert.True(EdwardsPoint.MulBase(Scalar.OrderBytes).IsIdentity);
    }

    [Fact]
    public void EncodeDecodeRoundTrip()
    {
        for (var i = 0; i < 20; i++)
        {
            using var key = IdentitySecretKey.Generate();
            Assert.True(EdwardsPoint.TryDecode(key.PublicKey.AsSpan(), out var p, out _));
            Assert.Equal(key.PublicKey.AsSpan().ToArray(), p.Encode());
            Assert.True(EdwardsPoint.Double(p).PointEquals(EdwardsPoint.Add(p, p)));
            Assert.True(EdwardsPoint.Add(p, EdwardsPoint.Negate(p)).IsIdentity);
        }
    }

    /// <summary>The vanity search confirms hits with the constant-time double-and-add: it must give
    /// tor's public keys from tor's expanded secrets.</summary>
    [Theory]
    [MemberData(nameof(TorVectors.Ed25519Indexes), MemberType = typeof(TorVectors))]
    public void DoubleAndAddGivesTorsPublicKeys(int index)
    {
        var v = TorVectors.Ed25519Vector(index);
        var scalar = v.Hex("expanded_secret_key")[..32];
        Assert.Equal(v.Str("public_key"), Convert.ToHexStringLower(EdwardsPoint.MulDoubleAndAdd(EdwardsPoint.Base, scalar).Encode()));
    }

    [Fact]
    public void BatchInversionMatchesOneInversionEach()
    {
        var rng = new Random(7);
        foreach (var n in new[] { 1, 2, 9 })
        {
            var values = new FieldElement[n];
            var expected = new FieldElement[n];
            var bytes = new byte[32];
            for (var i = 0; i < n; i++)
            {
                rng.NextBytes(bytes);
                bytes[31] &= 0x7f;
                values[i] = FieldElement.FromBytes(bytes);
                expected[i] = FieldElement.Invert(values[i]);
            }
            BatchInverter.InvertInPlace(values, new FieldElement[n]);
            for (var i = 0; i < n; i++) Assert.True(values[i].ValueEquals(expected[i]), $"n = {n}, element {i}");
        }
    }

    /// <summary>Affine Niels points built with one shared inversion add exactly like the extended
    /// points they came from, and encode the same (EncodeAll shares the inversion too).</summary>
    [Fact]
    public void NielsTableAndBatchEncodingAgreeWithThePoints()
    {
        var points = new EdwardsPoint[7];
        points[0] = EdwardsPoint.Identity;
        for (var i = 1; i < points.Length; i++) points[i] = EdwardsPoint.Add(points[i - 1], EdwardsPoint.Base);
        var niels = NielsPoint.FromExtended(points);
        var start = EdwardsPoint.MulBase(Convert.FromHexString("0800000000000000000000000000000000000000000000000000000000000000"));
        for (var i = 0; i < points.Length; i++)
            Assert.True(EdwardsPoint.Add(start, niels[i]).PointEquals(EdwardsPoint.Add(start, points[i])), $"{i}·B");

        var all = new byte[points.Length * 40];
        EdwardsPoint.EncodeAll(points, all, 40);
        for (var i = 0; i < points.Length; i++)
            Assert.Equal(Convert.ToHexStringLower(points[i].Encode()), Convert.ToHexStringLower(all.AsSpan(40 * i, 32)));
    }
}
