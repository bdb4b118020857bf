using OnionGroove.Crypto.Curve;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>tor's ed25519 test vectors (src/test/ed25519_vectors.inc, via tests/vectors/tor).</summary>
public class Ed25519VectorTests
{
    [Theory]
    [MemberData(nameof(TorVectors.Ed25519Indexes), MemberType = typeof(TorVectors))]
    public void SeedExpandsToTorsExpandedKeyAndPublicKey(int index)
    {
        var v = TorVectors.Ed25519Vector(index);
        using var key = IdentitySecretKey.FromSeed(v.Hex("seed"));
        var expanded = new byte[64];
        key.ExportExpanded(expanded);
        Assert.Equal(v.Str("expanded_secret_key"), Convert.ToHexStringLower(expanded));
        Assert.Equal(v.Str("public_key"), Convert.ToHexStringLower(key.PublicKey.AsSpan()));
    }

    [Theory]
    [MemberData(nameof(TorVectors.Ed25519Indexes), MemberType = typeof(TorVectors))]
    public void ExpandedKeySignsTorsSelfSignature(int index)
    {
        var v = TorVectors.Ed25519Vector(index);
        using var key = IdentitySecretKey.FromExpanded(v.Hex("expanded_secret_key"));
        Assert.Equal(v.Str("public_key"), Convert.ToHexStringLower(key.PublicKey.AsSpan()));
        var signature = key.Sign(key.PublicKey.AsSpan());
        Assert.Equal(v.Str("self_signature"), Convert.ToHexStringLower(signature));
        Assert.True(key.PublicKey.Verify(key.PublicKey.AsSpan(), signature));
    }

    [Theory]
    [MemberData(nameof(TorVectors.Ed25519Indexes), MemberType = typeof(TorVectors))]
    public void BlindingWithTorsParameterGivesTorsBlindedKeys(int index)
    {
        var v = TorVectors.Ed25519Vector(index);
        var param = v.Hex("blinding_param");
        var blindedPublic = KeyBlinding.BlindPublicWithParameter(v.Hex("public_key"), param);
        Assert.Equal(v.Str("blinded_public_key"), Convert.ToHexStringLower(blindedPublic));
        using var blinded = KeyBlinding.BlindExpandedWithParameter(v.Hex("expanded_secret_key"), param);
        Assert.Equal(v.Str("blinded_expanded_secret_key"), Convert.ToHexStringLower(blinded.Expanded));
        // The blinded secret's own public key (a'·B, base-point table) must equal h·A (variable-base).
        Assert.Equal(v.Str("blinded_public_key"), Convert.ToHexStringLower(blinded.PublicKey));
    }

    [Theory]
    [MemberData(nameof(TorVectors.Ed25519Indexes), MemberType = typeof(TorVectors))]
    public void Curve25519PublicKeyMatchesTor(int index)
    {
        var v = TorVectors.Ed25519Vector(index);
        Assert.Equal(v.Str("curve25519_public_key"), Convert.ToHexStringLower(KeyConversion.Ed25519ToX25519Public(v.Hex("public_key")).AsSpan()));
        // Same value by X25519 on the ed25519 scalar (independent route through BouncyCastle).
        using var x = X25519SecretKey.FromBytes(v.Hex("expanded_secret_key").AsSpan(0, 32));
        Assert.Equal(v.Str("curve25519_public_key"), Convert.ToHexStringLower(x.PublicKey.AsSpan()));
    }

    [Theory]
    [MemberData(nameof(TorVectors.Ed25519Indexes), MemberType = typeof(TorVectors))]
    public void Curve25519BackToEd25519WithSignBit(int index)
    {
        var v = TorVectors.Ed25519Vector(index);
        var pub = v.Hex("public_key");
        var back = KeyConversion.X25519ToEd25519Public(v.Hex("curve25519_public_key"), pub[31] >> 7);
        Assert.Equal(v.Str("public_key"), Convert.ToHexStringLower(back.AsSpan()));
    }
}
