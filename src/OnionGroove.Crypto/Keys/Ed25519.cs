using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Keys;

/// <summary>Ed25519 signature checks (RFC 8032) for any public key, including blinded ones.</summary>
public static class Ed25519
{
    public const int SignatureLength = 64;
    public const int PublicKeyLength = 32;

    /// <summary>True when <paramref name="signature"/> is a valid signature of
    /// <paramref name="message"/> by <paramref name="publicKey"/>. Wrong lengths give false.</summary>
    /// <remarks>RFC 8032 §5.1.7, cofactorless, with the same strictness as BouncyCastle's verifier
    /// (which this replaced; tests compare the two): the key must decode canonically, S must be
    /// below l, and the canonical encoding of [S]B − [k]A must equal R byte for byte, so a
    /// non-canonical R never verifies. Everything here is public, so variable time is fine.</remarks>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength) return false;
        var s = signature[32..];
        if (!Scalar.IsCanonical(s)) return false;
        if (!EdwardsPoint.TryDecode(publicKey, out var a, out _)) return false;

        Span<byte> hash = stackalloc byte[64];
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512))
        {
            sha.AppendData(signature[..32]);
            sha.AppendData(publicKey);
            sha.AppendData(message);
            sha.GetHashAndReset(hash);
        }
        Span<byte> k = stackalloc byte[32];
        Scalar.Reduce(hash, k);

        // S < l < 2^253 and k < l, as the double-scalar multiplication needs.
        var check = DoubleScalarMul.Mul(k, EdwardsPoint.Negate(a), s);
        Span<byte> r = stackalloc byte[32];
        check.Encode(r);
        return r.SequenceEqual(signature[..32]);
    }
}
