using System.Security.Cryptography;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032;

namespace OnionGroove.Crypto.Tests;

/// <summary>Signing with expanded keys: RFC 8032 agreement and, above all, where the nonce comes from.</summary>
public class SigningTests
{
    [Fact]
    public void SeedKeysSignExactlyAsRfc8032()
    {
        for (var i = 0; i < 20; i++)
        {
            var seed = RandomNumberGenerator.GetBytes(32);
            var message = RandomNumberGenerator.GetBytes(i * 7);
            using var key = IdentitySecretKey.FromSeed(seed);
            var expected = new byte[64];
            Bc.Ed25519.Sign(seed, 0, message, 0, message.Length, expected, 0);
            Assert.Equal(expected, key.Sign(message));
            var pk = new byte[32];
            Bc.Ed25519.GeneratePublicKey(seed, 0, pk, 0);
            Assert.Equal(pk, key.PublicKey.AsSpan().ToArray());
        }
    }

    [Fact]
    public void TheNonceComesFromThePrefixNotTheScalar()
    {
        // Two expanded keys with the same scalar and different prefixes: same public key, but the
        // signatures' R (= r·B, r from the prefix) must differ. A signer that derives r from the
        // scalar (or from public data) gives identical R, which reveals the key to anyone holding
        // two signatures of different messages.
        var expanded = RandomNumberGenerator.GetBytes(64);
        expanded[0] &= 248; expanded[31] &= 63; expanded[31] |= 64;
        var otherPrefix = (byte[])expanded.Clone();
        RandomNumberGenerator.Fill(otherPrefix.AsSpan(32));
        using var a = IdentitySecretKey.FromExpanded(expanded);
        using var b = IdentitySecretKey.FromExpanded(otherPrefix);
        Assert.Equal(a.PublicKey, b.PublicKey);
        var message = "descriptor"u8.ToArray();
        var sa = a.Sign(message);
        var sb = b.Sign(message);
        Assert.NotEqual(sa[..32], sb[..32]);
        Assert.True(a.PublicKey.Verify(message, sa));
        Assert.True(a.PublicKey.Verify(message, sb));
        // Deterministic for one key (RFC 8032), so the nonce is SHA-512(prefix ‖ M), nothing random.
        Assert.Equal(sa, a.Sign(message));
    }

    [Fact]
    public void TheBlindedKeyUsesItsOwnDerivedPrefix()
    {
        // Same identity scalar, different identity prefixes → blinded prefixes differ → nonces differ.
        var v = TorVectors.Load("ed25519_blinding.json").GetProperty("tor_blinding_basics").GetProperty("vector");
        var expanded = v.Hex("identity_expanded_secret_key");
        var otherPrefix = (byte[])expanded.Clone();
        otherPrefix[40] ^= 1;
        using var a = IdentitySecretKey.FromExpanded(expanded);
        using var b = IdentitySecretKey.FromExpanded(otherPrefix);
        var period = new TimePeriod(1234);
        using var ba = a.Blind(period);
        using var bb = b.Blind(period);
        Assert.Equal(ba.PublicKey, bb.PublicKey);
        var message = "cert"u8.ToArray();
        var sa = ba.Sign(message);
        Assert.NotEqual(sa[..32], bb.Sign(message)[..32]);
        Assert.True(ba.PublicKey.Verify(message, sa));
        Assert.False(a.PublicKey.Verify(message, sa)); // signed by the blinded key, not the identity
    }

    [Fact]
    public void BlindedSignaturesMatchOnionbalance()
    {
        // Onionbalance's _blinded_sign_with_tor_key (the real peer) signs with the same blinded key
        // derivation; deterministic signatures must agree byte for byte.
        var v = TorVectors.Load("ed25519_blinding.json").GetProperty("tor_blinding_basics").GetProperty("vector");
        var message = "hs-descriptor test message"u8.ToArray();
        var script = """
            import sys, binascii
            from onionbalance.hs_v3.tor_ed25519 import TorEd25519PrivateKey, _blinded_sign_with_tor_key
            esk = binascii.unhexlify(sys.argv[1]); h = binascii.unhexlify(sys.argv[2]); blinded = binascii.unhexlify(sys.argv[3])
            sig = _blinded_sign_with_tor_key(sys.argv[4].encode(), TorEd25519PrivateKey(esk), blinded, h)
            print(binascii.hexlify(sig).decode())
            """;
        var result = ExternalProgram.Run("/usr/bin/python3",
            ["-c", script, v.Str("identity_expanded_secret_key"), v.Str("blinding_param_h"), v.Str("blinded_public_key"), System.Text.Encoding.ASCII.GetString(message)]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var key = IdentitySecretKey.FromExpanded(v.Hex("identity_expanded_secret_key"));
        using var blinded = key.Blind(new TimePeriod(1234));
        Assert.Equal(result.Stdout.Trim(), Convert.ToHexStringLower(blinded.Sign(message)));
    }

    [Fact]
    public void DescriptorSigningKeysSignAsRfc8032()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        using var key = DescriptorSigningKeypair.FromSeed(seed);
        var message = "x"u8.ToArray();
        var expected = new byte[64];
        Bc.Ed25519.Sign(seed, 0, message, 0, message.Length, expected, 0);
        Assert.Equal(expected, key.Sign(message));
        Assert.True(key.PublicKey.Verify(message, expected));
        using var random = DescriptorSigningKeypair.Generate();
        Assert.True(Ed25519.Verify(random.PublicKey.AsSpan(), message, random.Sign(message)));
    }

    [Fact]
    public void VerifyRejectsTamperingAndWrongLengths()
    {
        using var key = IdentitySecretKey.Generate();
        var message = "m"u8.ToArray();
        var sig = key.Sign(message);
        Assert.True(Ed25519.Verify(key.PublicKey.AsSpan(), message, sig));
        var bad = (byte[])sig.Clone();
        bad[40] ^= 1;
        Assert.False(Ed25519.Verify(key.PublicKey.AsSpan(), message, bad));
        Assert.False(Ed25519.Verify(key.PublicKey.AsSpan(), "n"u8, sig));
        Assert.False(Ed25519.Verify(key.PublicKey.AsSpan(), message, sig[..63]));
        Assert.False(Ed25519.Verify(key.PublicKey.AsSpan()[..31], message, sig));
    }
}
