using OnionGroove.Crypto;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Building;

/// <summary>What a descriptor says about one introduction point, minus the certificates, which the builder
/// issues under its own descriptor signing key. A balancer takes these from its backends' descriptors
/// (<see cref="FromParsed"/>) and re-signs them, as Onionbalance does.</summary>
public sealed record IntroPointSpec(byte[] LinkSpecifiers, X25519PublicKey OnionKeyNtor, Ed25519PublicKey AuthKey, X25519PublicKey EncKeyNtor)
{
    /// <summary>Optional legacy RSA key and cross-cert, copied through verbatim.</summary>
    public byte[]? LegacyKey { get; init; }
    public byte[]? LegacyKeyCert { get; init; }

    public static IntroPointSpec Create(IReadOnlyList<LinkSpecifier> linkSpecifiers, X25519PublicKey onionKey, Ed25519PublicKey authKey, X25519PublicKey encKey) =>
        new(LinkSpecifier.EncodeList(linkSpecifiers), onionKey, authKey, encKey);

    /// <summary>Takes a verified backend intro point: its link specifiers verbatim, its keys (the certs are re-issued).</summary>
    public static IntroPointSpec FromParsed(IntroductionPoint ip) =>
        new(ip.LinkSpecifiersRaw, X25519PublicKey.FromBytes(ip.OnionKeyNtor), Ed25519PublicKey.FromBytes(ip.AuthKey), X25519PublicKey.FromBytes(ip.EncKeyNtor))
        {
            LegacyKey = ip.LegacyKey,
            LegacyKeyCert = ip.LegacyKeyCert,
        };
}
