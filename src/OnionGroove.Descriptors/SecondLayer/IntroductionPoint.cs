using OnionGroove.Crypto;
using OnionGroove.Descriptors.Certs;

namespace OnionGroove.Descriptors.SecondLayer;

/// <summary>An `introduction-point` block of the second layer (rend-spec-v3 §2.5.2.2).</summary>
public sealed class IntroductionPoint
{
    public required IReadOnlyList<LinkSpecifier> LinkSpecifiers { get; init; }
    /// <summary>The raw decoded link-specifier block, re-emitted verbatim when re-signing (tor may order or add types we don't know).</summary>
    public required byte[] LinkSpecifiersRaw { get; init; }
    /// <summary>`onion-key ntor`: the intro point relay's curve25519 ntor key.</summary>
    public required byte[] OnionKeyNtor { get; init; }
    /// <summary>`auth-key` cert (type 09): certifies <see cref="AuthKey"/> under the descriptor signing key.</summary>
    public required TorCert AuthKeyCert { get; init; }
    public byte[] AuthKey => AuthKeyCert.CertifiedKey;
    /// <summary>`enc-key ntor`: the service's curve25519 encryption key for this intro point.</summary>
    public required byte[] EncKeyNtor { get; init; }
    /// <summary>`enc-key-cert` (type 0B): certifies the ed25519 form of <see cref="EncKeyNtor"/>.</summary>
    public required TorCert EncKeyCert { get; init; }
    /// <summary>Whether the enc-key cert certifies the ed25519 form of <see cref="EncKeyNtor"/> (either sign bit). Tor does not
    /// check this when reading descriptors (it only checks the cert's signature), so neither does the parser; this is for display.</summary>
    public bool EncKeyCertMatchesEncKey
    {
        get
        {
            try
            {
                var certified = EncKeyCert.CertifiedKey.AsSpan();
                return KeyConversion.X25519ToEd25519Public(EncKeyNtor, 0).AsSpan().SequenceEqual(certified)
                    || KeyConversion.X25519ToEd25519Public(EncKeyNtor, 1).AsSpan().SequenceEqual(certified);
            }
            catch (ArgumentException) { return false; } // not a valid curve point
        }
    }
    /// <summary>`legacy-key` (RSA, PEM body) and its cross-cert, for legacy intro points; rarely present.</summary>
    public byte[]? LegacyKey { get; init; }
    public byte[]? LegacyKeyCert { get; init; }
    /// <summary>1-based line of the block in the second layer.</summary>
    public int Line { get; init; }
}
