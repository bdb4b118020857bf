namespace OnionGroove.Crypto;

/// <summary>The blinded signing keypair of one time period (rend-spec-v3 A.2): it signs the
/// descriptor-signing-key certificate. Zeroed on dispose; never printed.</summary>
public sealed class BlindedKeypair : IDisposable
{
    private readonly ExpandedSecret _secret;

    internal BlindedKeypair(ExpandedSecret secret, TimePeriod period)
    {
        _secret = secret;
        Period = period;
        PublicKey = BlindedPublicKey.FromTrustedBytes(secret.PublicKey);
    }

    public BlindedPublicKey PublicKey { get; }

    public TimePeriod Period { get; }

    /// <summary>Ed25519 signature with the blinded expanded key; the nonce comes from the blinded
    /// key's own prefix.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => _secret.Sign(message);

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) => _secret.Sign(message, signature);

    /// <summary>Copies the 64-byte blinded expanded secret out (tests, key-file tooling).</summary>
    public void ExportExpanded(Span<byte> destination)
    {
        if (destination.Length < ExpandedSecret.Length) throw new ArgumentException("destination must hold 64 bytes", nameof(destination));
        _secret.Expanded.CopyTo(destination);
    }

    public void Dispose() => _secret.Dispose();

    public override string ToString() => $"BlindedKeypair({PublicKey}, period {Period.Number})";
}
