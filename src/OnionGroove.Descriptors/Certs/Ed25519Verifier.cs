using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Certs;

/// <summary>Plain ed25519 signature checks (RFC 8032) for certs and the descriptor signature, via OnionGroove.Crypto.</summary>
internal static class Ed25519Verifier
{
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        OnionGroove.Crypto.Keys.Ed25519.Verify(publicKey, message, signature);
}
