using System.Reflection;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>Secret key types never print secrets and are zeroed on dispose.</summary>
public class SecretKeyHygieneTests
{
    [Fact]
    public void ToStringShowsNoSecretBytes()
    {
        using var key = IdentitySecretKey.Generate();
        var expanded = new byte[64];
        key.ExportExpanded(expanded);
        using var blinded = key.Blind(new TimePeriod(20000));
        var blindedExpanded = new byte[64];
        blinded.ExportExpanded(blindedExpanded);
        using var signing = DescriptorSigningKeypair.Generate();
        using var x = X25519SecretKey.Generate();
        var xSecret = new byte[32];
        x.ExportSecret(xSecret);
        foreach (var (text, secret) in new[] { (key.ToString(), expanded), (blinded.ToString(), blindedExpanded), (x.ToString(), xSecret) })
        {
            foreach (var form in new[] { Convert.ToHexStringLower(secret[..8]), Convert.ToHexString(secret[..8]), Convert.ToBase64String(secret[..6]), Encoding.Base32.Encode(secret[..5]) })
                Assert.DoesNotContain(form, text);
        }
        Assert.Contains(key.Address.ToString(), key.ToString());
        Assert.StartsWith("DescriptorSigningKeypair(", signing.ToString());
    }

    [Fact]
    public void DisposeZeroesTheSecret()
    {
        var key = IdentitySecretKey.Generate();
        var buffer = BufferOf(typeof(ExpandedSecret).GetField("_expanded", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(key.Secret)!);
        Assert.Contains(buffer, b => b != 0);
        key.Dispose();
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => key.ExportExpanded(new byte[64]));
        Assert.Throws<ObjectDisposedException>(() => key.Sign("m"u8));

        var x = X25519SecretKey.Generate();
        var xBuffer = BufferOf(typeof(X25519SecretKey).GetField("_secret", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(x)!);
        x.Dispose();
        Assert.All(xBuffer, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => x.Agree(x.PublicKey));
    }

    /// <summary>Every secret key type keeps its bytes in <see cref="SecretBytes"/>; this reads the buffer behind one.</summary>
    private static byte[] BufferOf(object secretBytes) =>
        (byte[])typeof(SecretBytes).GetField("_bytes", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue((SecretBytes)secretBytes)!;

    [Fact]
    public void BlindedAndSigningKeysAreZeroedOnDisposeToo()
    {
        using var identity = IdentitySecretKey.Generate();
        var blinded = identity.Blind(new TimePeriod(20000));
        var signing = DescriptorSigningKeypair.Generate();
        foreach (var (dispose, secret) in new (Action, ExpandedSecret)[] { (blinded.Dispose, blinded.Secret), (signing.Dispose, signing.Secret) })
        {
            var buffer = BufferOf(typeof(ExpandedSecret).GetField("_expanded", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(secret)!);
            Assert.Contains(buffer, b => b != 0);
            dispose();
            Assert.All(buffer, b => Assert.Equal(0, b));
        }
        Assert.Throws<ObjectDisposedException>(() => blinded.Sign("m"u8));
        Assert.Throws<ObjectDisposedException>(() => signing.Sign("m"u8));
        Assert.True(identity.PublicKey.Verify("m"u8, identity.Sign("m"u8)));
    }

    [Fact]
    public void ExpandedKeysWithAZeroScalarAreRefused()
    {
        Assert.Throws<ArgumentException>(() => IdentitySecretKey.FromExpanded(new byte[64]));
        var l = Curve.Scalar.OrderBytes;
        Assert.Throws<ArgumentException>(() => IdentitySecretKey.FromExpanded([.. l, .. new byte[32]]));
        Assert.Throws<ArgumentException>(() => IdentitySecretKey.FromExpanded(new byte[63]));
        Assert.Throws<ArgumentException>(() => IdentitySecretKey.FromSeed(new byte[31]));
    }
}
