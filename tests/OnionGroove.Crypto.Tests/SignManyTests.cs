using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Crypto.Parameters;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>Batch signing (one shared inversion) must give exactly the signatures of one-at-a-time signing,
/// which the RFC 8032 and tor vectors pin down, and BouncyCastle must accept them.</summary>
public class SignManyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(17)]   // past the stack batch size
    [InlineData(40)]
    public void SameSignaturesAsSignOneByOne(int count)
    {
        using var key = DescriptorSigningKeypair.Generate();
        var messages = Enumerable.Range(0, count).Select(i => RandomNumberGenerator.GetBytes(i * 37 % 700)).ToArray();
        var batch = new byte[64 * count];
        key.SignMany(messages.Select(m => new ReadOnlyMemory<byte>(m)).ToArray(), batch);
        for (var i = 0; i < count; i++)
        {
            var one = key.Sign(messages[i]);
            Assert.Equal(Convert.ToHexString(one), Convert.ToHexString(batch.AsSpan(64 * i, 64)));
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(key.PublicKey.AsSpan().ToArray(), 0));
            verifier.BlockUpdate(messages[i], 0, messages[i].Length);
            Assert.True(verifier.VerifySignature(batch.AsSpan(64 * i, 64).ToArray()), $"signature {i}");
        }
    }

    [Fact]
    public void RejectsTooSmallOutput()
    {
        using var key = DescriptorSigningKeypair.Generate();
        Assert.Throws<ArgumentException>(() => key.SignMany([new byte[3], new byte[4]], new byte[127]));
    }
}
