using System.Security.Cryptography;
using OnionGroove.Crypto.Keys;
using Rfc7748 = Org.BouncyCastle.Math.EC.Rfc7748;

namespace OnionGroove.Crypto.Tests;

/// <summary>X25519 public keys now come from the Edwards base-point table (u = (1+y)/(1−y)); they must equal
/// RFC 7748's published values and BouncyCastle's Montgomery ladder on any secret.</summary>
public class X25519BaseMulTests
{
    [Theory]
    // RFC 7748 §6.1 (Alice, Bob).
    [InlineData("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")]
    [InlineData("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")]
    public void PublicKeyMatchesRfc7748(string secretHex, string publicHex)
    {
        using var key = X25519SecretKey.FromBytes(Convert.FromHexString(secretHex));
        Assert.Equal(publicHex, Convert.ToHexStringLower(key.PublicKey.AsSpan()));
    }

    public static TheoryData<string> EdgeSecrets => new()
    {
        new string('0', 64),
        new string('f', 64),
        "0100000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", // l: clamping moves it off the multiple
    };

    [Theory]
    [MemberData(nameof(EdgeSecrets))]
    public void EdgeSecretsMatchBouncyCastle(string secretHex) => AssertMatchesBouncyCastle(Convert.FromHexString(secretHex));

    [Fact]
    public void RandomSecretsMatchBouncyCastle()
    {
        for (var i = 0; i < 300; i++) AssertMatchesBouncyCastle(RandomNumberGenerator.GetBytes(32));
    }

    [Fact]
    public void GeneratedKeysAgreeWithEachOther()
    {
        // Agreement runs through BouncyCastle's ladder, so this ties our public keys to its shared secrets.
        for (var i = 0; i < 20; i++)
        {
            using var a = X25519SecretKey.Generate();
            using var b = X25519SecretKey.Generate();
            Assert.Equal(a.Agree(b.PublicKey), b.Agree(a.PublicKey));
        }
    }

    private static void AssertMatchesBouncyCastle(byte[] secret)
    {
        var expected = new byte[32];
        Rfc7748.X25519.ScalarMultBase(secret, 0, expected, 0);
        using var key = X25519SecretKey.FromBytes(secret);
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(key.PublicKey.AsSpan()));
    }
}
