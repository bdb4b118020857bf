namespace OnionGroove.Crypto.Keys;

/// <summary>A blinded public key for one time period (rend-spec-v3 §2.1 KP_hs_blind_id,
/// appendix A.2): the key descriptors are stored under and signed with.</summary>
public sealed class BlindedPublicKey : Ed25519PointKey<BlindedPublicKey>, IEd25519KeyKind<BlindedPublicKey>
{
    private BlindedPublicKey(byte[] bytes) : base(bytes) { }
    static BlindedPublicKey IEd25519KeyKind<BlindedPublicKey>.Wrap(byte[] bytes) => new(bytes);
    static string IEd25519KeyKind<BlindedPublicKey>.KindName => "blinded public key";

    /// <summary>The same 32 bytes seen as a generic ed25519 key (the signing key of a descriptor-signing-key cert).</summary>
    public Ed25519PublicKey AsEd25519() => Ed25519PublicKey.FromTrustedBytes(AsSpan());

    public override string ToString() => "blinded key " + Base64;
}
