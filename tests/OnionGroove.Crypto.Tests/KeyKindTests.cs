using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>The ed25519 public key kinds share one base (Ed25519PointKey) but stay distinct types:
/// none converts to another, equal bytes of two kinds are not equal keys, and each names itself in
/// its errors.</summary>
public class KeyKindTests
{
    [Fact]
    public void KindsAreDistinctTypes()
    {
        Type[] kinds = [typeof(IdentityPublicKey), typeof(BlindedPublicKey), typeof(Ed25519PublicKey)];
        foreach (var a in kinds)
            foreach (var b in kinds.Where(b => b != a))
                Assert.False(a.IsAssignableFrom(b), $"{b.Name} must not pass as {a.Name}");
        Assert.False(typeof(IdentitySecretKey).IsAssignableFrom(typeof(BlindedKeypair)));
        Assert.False(typeof(BlindedKeypair).IsAssignableFrom(typeof(DescriptorSigningKeypair)));
    }

    [Fact]
    public void SameBytesOfTwoKindsAreNotEqualKeys()
    {
        using var key = IdentitySecretKey.Generate();
        var generic = key.PublicKey.AsEd25519();
        Assert.True(generic.AsSpan().SequenceEqual(key.PublicKey.AsSpan()));
        Assert.False(key.PublicKey.Equals((object)generic));
        Assert.Equal(key.PublicKey, IdentityPublicKey.FromBytes(key.PublicKey.AsSpan()));
        Assert.Equal(key.PublicKey.GetHashCode(), IdentityPublicKey.FromBytes(key.PublicKey.AsSpan()).GetHashCode());
    }

    [Fact]
    public void EachKindNamesItselfInErrors()
    {
        var offCurve = Convert.FromHexString("0200000000000000000000000000000000000000000000000000000000000000");
        Assert.StartsWith("invalid identity public key: not a point", Assert.Throws<ArgumentException>(() => IdentityPublicKey.FromBytes(offCurve)).Message);
        Assert.StartsWith("invalid blinded public key: not a point", Assert.Throws<ArgumentException>(() => BlindedPublicKey.FromBytes(offCurve)).Message);
        Assert.StartsWith("invalid ed25519 public key: not a point", Assert.Throws<ArgumentException>(() => Ed25519PublicKey.FromBytes(offCurve)).Message);
        Assert.False(BlindedPublicKey.TryFromBytes(new byte[31], out _, out var error));
        Assert.Contains("32 bytes", error);
    }

    [Fact]
    public void TextFormsStayPerKind()
    {
        using var key = IdentitySecretKey.Generate();
        Assert.Equal(key.Address.ToString(), key.PublicKey.ToString());
        Assert.StartsWith("ed25519 key ", key.PublicKey.AsEd25519().ToString());
        using var blinded = key.Blind(new TimePeriod(20000));
        Assert.StartsWith("blinded key ", blinded.PublicKey.ToString());
        Assert.Equal(blinded.PublicKey, key.PublicKey.Blind(new TimePeriod(20000)));
    }
}
