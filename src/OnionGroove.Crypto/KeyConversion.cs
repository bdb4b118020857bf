using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto;

/// <summary>Conversions between the Edwards (ed25519) and Montgomery (curve25519) forms of
/// the same curve: u = (1+y)/(1−y), y = (u−1)/(u+1) (RFC 7748 §4.1). Tor uses them for the
/// ntor-onion-key cross-certificate (cert-spec, tor-spec) and age for ssh-ed25519 recipients.</summary>
public static class KeyConversion
{
    /// <summary>The X25519 public key of the same secret scalar as <paramref name="edPublicKey"/>.</summary>
    public static X25519PublicKey Ed25519ToX25519Public(ReadOnlySpan<byte> edPublicKey) =>
        X25519PublicKey.FromBytes(Curve.Montgomery.EdwardsToMontgomery(edPublicKey));

    /// <summary>The ed25519 public key for a curve25519 key, given the sign bit of x (which the
    /// u-coordinate does not carry).</summary>
    public static Ed25519PublicKey X25519ToEd25519Public(ReadOnlySpan<byte> x25519PublicKey, int signBit)
    {
        if (signBit is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(signBit), "the sign bit is 0 or 1");
        return Ed25519PublicKey.FromBytes(Curve.Montgomery.MontgomeryToEdwards(x25519PublicKey, signBit));
    }

    /// <summary>An ed25519 seed's X25519 secret: SHA-512(seed)[0..32], clamped (what age does for
    /// ssh-ed25519 identities).</summary>
    public static X25519SecretKey Ed25519SeedToX25519Secret(ReadOnlySpan<byte> seed32)
    {
        if (seed32.Length != 32) throw new ArgumentException($"an ed25519 seed is 32 bytes, got {seed32.Length}", nameof(seed32));
        Span<byte> h = stackalloc byte[64];
        try
        {
            System.Security.Cryptography.SHA512.HashData(seed32, h);
            h[0] &= 248;
            h[31] &= 127;
            h[31] |= 64;
            return X25519SecretKey.FromBytes(h[..32]);
        }
        finally { System.Security.Cryptography.CryptographicOperations.ZeroMemory(h); }
    }
}
