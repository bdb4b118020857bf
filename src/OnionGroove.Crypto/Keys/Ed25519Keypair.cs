namespace OnionGroove.Crypto.Keys;

/// <summary>An ed25519 secret key in tor's expanded form with its public key of kind
/// <typeparamref name="TPublic"/>: what the identity, blinded and descriptor-signing keys share
/// (signing with the key's own nonce prefix, zeroing on dispose, never printing the secret). Each
/// kind derives from it in a few lines and stays its own type.</summary>
public abstract class Ed25519Keypair<TPublic> : IDisposable where TPublic : Ed25519PointKey<TPublic>, IEd25519KeyKind<TPublic>
{
    private protected Ed25519Keypair(ExpandedSecret secret)
    {
        Secret = secret;
        PublicKey = Ed25519PointKey<TPublic>.FromTrustedBytes(secret.PublicKey);
    }

    internal ExpandedSecret Secret { get; }

    public TPublic PublicKey { get; }

    public byte[] Sign(ReadOnlySpan<byte> message) => Secret.Sign(message);

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) => Secret.Sign(message, signature);

    public void Dispose() => Secret.Dispose();
}
