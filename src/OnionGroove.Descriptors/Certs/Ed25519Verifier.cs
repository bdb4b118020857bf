namespace OnionGroove.Descriptors.Certs;

/// <summary>Plain ed25519 signature checks (RFC 8032), used for certs and the descriptor signature.</summary>
internal static class Ed25519Verifier
{
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64) return false;
        return Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, message.ToArray(), 0, message.Length);
    }
}
