namespace OnionGroove.Crypto.Curve;

/// <summary>Ed25519 signing with an expanded key (scalar ‖ prefix).</summary>
internal static class ExpandedSigner
{
    public static void Sign(ReadOnlySpan<byte> expanded, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature) =>
        throw new NotImplementedException();
}
