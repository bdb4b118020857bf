namespace OnionGroove.Crypto;

/// <summary>Ed25519 signature checks (RFC 8032) for any public key, including blinded ones.</summary>
public static class Ed25519
{
    public const int SignatureLength = 64;
    public const int PublicKeyLength = 32;

    /// <summary>True when <paramref name="signature"/> is a valid signature of
    /// <paramref name="message"/> by <paramref name="publicKey"/>. Wrong lengths give false.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength) return false;
        var pk = publicKey.ToArray();
        var sig = signature.ToArray();
        var msg = message.ToArray();
        return Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(sig, 0, pk, 0, msg, 0, msg.Length);
    }
}
