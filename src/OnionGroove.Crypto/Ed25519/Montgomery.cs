using F = OnionGroove.Crypto.Curve.FieldElement;

namespace OnionGroove.Crypto.Curve;

/// <summary>The birational map between edwards25519 and curve25519 (RFC 7748 §4.1):
/// u = (1 + y)/(1 − y) and back y = (u − 1)/(u + 1).</summary>
internal static class Montgomery
{
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
