namespace OnionGroove.Crypto.Keys;

/// <summary>A descriptor signing keypair (rend-spec-v3 §1.9 KP_hs_desc_sign): short-lived,
/// certified by the blinded key, signs the descriptor. Zeroed on dispose; never printed.</summary>
public sealed class DescriptorSigningKeypair : Ed25519Keypair<Ed25519PublicKey>
{
    private DescriptorSigningKeypair(ExpandedSecret secret) : base(secret) { }

    public static DescriptorSigningKeypair Generate() => new(ExpandedSecret.Generate());

    /// <summary>A deterministic key from a 32-byte RFC 8032 seed (tests, reproducible fixtures).</summary>
    public static DescriptorSigningKeypair FromSeed(ReadOnlySpan<byte> seed32) => new(ExpandedSecret.FromSeed(seed32));

    /// <summary>Signs each message, signature i into signatures[64·i..64·i+64]: the same signatures as one
    /// <see cref="Ed25519Keypair{TPublic}.Sign(ReadOnlySpan{byte})"/> each, faster in a batch (a descriptor's intro-point certificates).</summary>
    public void SignMany(IReadOnlyList<ReadOnlyMemory<byte>> messages, Span<byte> signatures) => Secret.SignMany(messages, signatures);

    public override string ToString() => $"DescriptorSigningKeypair({PublicKey})";
}
