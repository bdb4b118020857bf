using System.Reflection;

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
        var buffer = (byte[])typeof(ExpandedSecret).GetField("_expanded", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(key.Secret)!;
        Assert.Contains(buffer, b => b != 0);
        key.Dispose();
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => key.ExportExpanded(new byte[64]));
        Assert.Throws<ObjectDisposedException>(() => key.Sign("m"u8));

        var x = X25519SecretKey.Generate();
        var xBuffer = (byte[])typeof(X25519SecretKey).GetField("_secret", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(x)!;
        x.Dispose();
        Assert.All(xBuffer, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => x.Agree(x.PublicKey));
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
