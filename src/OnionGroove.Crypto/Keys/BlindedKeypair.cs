namespace OnionGroove.Crypto.Keys;

/// <summary>The blinded signing keypair of one time period (rend-spec-v3 A.2): it signs the
/// descriptor-signing-key certificate, the nonce coming from the blinded key's own prefix.
/// Zeroed on dispose; never printed.</summary>
public sealed class BlindedKeypair : Ed25519Keypair<BlindedPublicKey>
{
    internal BlindedKeypair(ExpandedSecret secret, TimePeriod period) : base(secret) => Period = period;

    public TimePeriod Period { get; }

    /// <summary>Copies the 64-byte blinded expanded secret out (tests, key-file tooling).</summary>
    public void ExportExpanded(Span<byte> destination) => Secret.CopyTo(destination);

    public override string ToString() => $"BlindedKeypair({PublicKey}, period {Period.Number})";
}
