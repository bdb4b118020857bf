namespace OnionGroove.Crypto.Keys;

/// <summary>An onion service's long-term identity key A (rend-spec-v3 §1.9 KP_hs_id): the key
/// the onion address encodes. Always a valid curve point (checked on construction).</summary>
public sealed class IdentityPublicKey : Ed25519PointKey<IdentityPublicKey>, IEd25519KeyKind<IdentityPublicKey>
{
    private IdentityPublicKey(byte[] bytes) : base(bytes) { }
    static IdentityPublicKey IEd25519KeyKind<IdentityPublicKey>.Wrap(byte[] bytes) => new(bytes);
    static string IEd25519KeyKind<IdentityPublicKey>.KindName => "identity public key";

    public OnionAddress Address => new(this);

    /// <summary>The blinded key for <paramref name="period"/> (rend-spec-v3 A.2): h·A.</summary>
    public BlindedPublicKey Blind(TimePeriod period) => KeyBlinding.BlindPublic(this, period);

    /// <summary>The subcredential for <paramref name="period"/> (rend-spec-v3 §2.1).</summary>
    public Subcredential Subcredential(TimePeriod period) => Crypto.Subcredential.Derive(this, Blind(period));

    /// <summary>The same 32 bytes seen as a generic ed25519 key (e.g. for certificates).</summary>
    public Ed25519PublicKey AsEd25519() => Ed25519PublicKey.FromTrustedBytes(AsSpan());

    public override string ToString() => Address.ToString();
}
