namespace OnionGroove.Crypto.Keys;

/// <summary>A generic ed25519 public key: descriptor-signing keys, certified keys and any
/// key whose role is given by context (cert-spec).</summary>
public sealed class Ed25519PublicKey : Ed25519PointKey<Ed25519PublicKey>, IEd25519KeyKind<Ed25519PublicKey>
{
    private Ed25519PublicKey(byte[] bytes) : base(bytes) { }
    static Ed25519PublicKey IEd25519KeyKind<Ed25519PublicKey>.Wrap(byte[] bytes) => new(bytes);
    static string IEd25519KeyKind<Ed25519PublicKey>.KindName => "ed25519 public key";

    public override string ToString() => "ed25519 key " + Base64;
}
