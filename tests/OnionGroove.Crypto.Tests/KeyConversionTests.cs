using System.Security.Cryptography;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>Edwards ↔ Montgomery conversions, checked by two independent routes.</summary>
public class KeyConversionTests
{
    [Fact]
    public void SeedToX25519SecretMatchesTheConvertedPublicKey()
    {
        for (var i = 0; i < 20; i++)
        {
            var seed = RandomNumberGenerator.GetBytes(32);
            using var ed = IdentitySecretKey.FromSeed(seed);
            using var x = KeyConversion.Ed25519SeedToX25519Secret(seed);
            // BouncyCastle's X25519 ladder on the clamped scalar vs our birational map of A.
            Assert.Equal(x.PublicKey, KeyConversion.Ed25519ToX25519Public(ed.PublicKey.AsSpan()));
            var back = KeyConversion.X25519ToEd25519Public(x.PublicKey.AsSpan(), ed.PublicKey.AsSpan()[31] >> 7);
            Assert.Equal(ed.PublicKey.AsSpan().ToArray(), back.AsSpan().ToArray());
        }
    }

    [Fact]
    public void BadInputsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => KeyConversion.Ed25519ToX25519Public(Convert.FromHexString("e19c65de75c68cf3b7643ea732ba9eb1a3d20d6d57ba223c2ece1df66feb5af0")));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyConversion.X25519ToEd25519Public(new byte[32], 2));
        Assert.Throws<ArgumentException>(() => KeyConversion.Ed25519SeedToX25519Secret(new byte[31]));
    }
}
