using F = OnionGroove.Crypto.Curve.FieldElement;

namespace OnionGroove.Crypto.Curve;

/// <summary>The birational map between edwards25519 and curve25519 (RFC 7748 §4.1):
/// u = (1 + y)/(1 − y) and back y = (u − 1)/(u + 1).</summary>
internal static class Montgomery
{
    /// <summary>The X25519 public key of a 32-byte secret (RFC 7748 §5: clamp, then multiply the base point u = 9),
    /// computed on the Edwards side through the constant-time base-point table: u = (Z + Y)/(Z − Y) for the
    /// point k·B. It equals X25519(k, 9) because u = 9 is the image of B. The clamped k is a multiple of 8 below
    /// 2^255 and so never a multiple of l: k·B is never the identity and Z − Y is never 0.</summary>
    public static void MulBase(ReadOnlySpan<byte> secret, Span<byte> u)
    {
        if (secret.Length != 32) throw new ArgumentException("an x25519 secret is 32 bytes", nameof(secret));
        Span<byte> k = stackalloc byte[32];
        var p = default(EdwardsPoint);
        try
        {
            secret.CopyTo(k);
            k[0] &= 248;
            k[31] &= 127;
            k[31] |= 64;
            p = EdwardsPoint.MulBase(k);
            F.Mul(F.Reduce(F.Add(p.Z, p.Y)), F.Invert(F.Sub(p.Z, p.Y))).ToBytes(u);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(k);
            p.Clear();
        }
    }

    public static byte[] EdwardsToMontgomery(ReadOnlySpan<byte> edPublicKey)
    {
        if (!EdwardsPoint.TryDecode(edPublicKey, out _, out var error))
            throw new ArgumentException($"invalid ed25519 public key: {error}", nameof(edPublicKey));
        var y = F.FromBytes(edPublicKey);
        var u = F.Mul(F.Reduce(F.Add(F.One, y)), F.Invert(F.Sub(F.One, y)));
        return u.ToArray();
    }

    public static byte[] MontgomeryToEdwards(ReadOnlySpan<byte> u, int signBit)
    {
        if (u.Length != 32) throw new ArgumentException("an x25519 public key is 32 bytes", nameof(u));
        var uf = F.FromBytes(u);
        var y = F.Mul(F.Sub(uf, F.One), F.Invert(F.Reduce(F.Add(uf, F.One))));
        var bytes = y.ToArray();
        bytes[31] |= (byte)(signBit << 7);
        return bytes;
    }
}
