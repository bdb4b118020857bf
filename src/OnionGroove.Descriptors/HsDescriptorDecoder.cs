using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Encryption;
using OnionGroove.Descriptors.FirstLayer;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors;

/// <summary>Parses, verifies and decrypts a v3 descriptor, as a client does (rend-spec-v3 §2.4–2.5).</summary>
public static class HsDescriptorDecoder
{
    // checkIntroPointCerts: tor rejects intro points whose auth-key/enc-key certs are not signed by the descriptor
    // signing key, and so do we by default. stem's test generator signs them with unrelated keys; pass false to read those.

    /// <summary>Decodes a descriptor of <paramref name="address"/> for <paramref name="period"/>: the cert must chain to
    /// the blinded key of that address and period, and the layers decrypt with its subcredential.</summary>
    public static Result<HsDescriptor, DescriptorError> Decode(ReadOnlySpan<byte> document, OnionAddress address, TimePeriod period,
        ClientAuthSecretKey? client = null, DateTimeOffset? now = null, bool checkIntroPointCerts = true)
    {
        var blinded = address.PublicKey.Blind(period);
        var sub = Subcredential.Derive(address.PublicKey, blinded);
        return Decode(document, blinded, sub, client, now, checkIntroPointCerts);
    }

    /// <summary>Decodes with an explicit blinded key and subcredential (both public values).</summary>
    public static Result<HsDescriptor, DescriptorError> Decode(ReadOnlySpan<byte> document, BlindedPublicKey blindedKey, Subcredential subcredential,
        ClientAuthSecretKey? client = null, DateTimeOffset? now = null, bool checkIntroPointCerts = true)
    {
        if (!OuterLayerDocument.Parse(document).TryGet(out var unverified, out var err)) return err;
        if (!unverified.Verify(blindedKey, now).TryGet(out var outer, out err)) return err;
        return DecryptLayers(outer, blindedKey, subcredential, client, now, checkIntroPointCerts);
    }

    /// <summary>Decrypts and parses both layers of a verified outer document.</summary>
    public static Result<HsDescriptor, DescriptorError> DecryptLayers(OuterLayerDocument outer, BlindedPublicKey blindedKey, Subcredential subcredential,
        ClientAuthSecretKey? client = null, DateTimeOffset? now = null, bool checkIntroPointCerts = true)
    {
        byte[]? first;
        using (var firstSecret = SecretData.ForFirstLayer(blindedKey))
            first = LayerCipher.Decrypt(firstSecret, subcredential, outer.RevisionCounter, outer.Superencrypted);
        if (first is null)
            return new DescriptorError(DescriptorErrorKind.DecryptionFailed, FirstLayerDocument.Layer, 0,
                "MAC mismatch: the subcredential does not match (wrong address or time period)");
        if (!FirstLayerDocument.Parse(first).TryGet(out var l1, out var err)) return err;

        using var cookie = client is null ? null : DescriptorClientAuth.TryDecryptCookie(l1, subcredential, client);
        byte[]? second;
        using (var secondSecret = SecretData.ForSecondLayer(blindedKey, cookie))
            second = LayerCipher.Decrypt(secondSecret, subcredential, outer.RevisionCounter, l1.Encrypted);
        if (second is null)
        {
            var why = client is null ? "the descriptor probably requires client authorisation (no client key given)"
                : cookie is null ? "no auth-client line matches the given client key"
                : "the descriptor cookie did not decrypt the layer";
            return new DescriptorError(DescriptorErrorKind.DecryptionFailed, SecondLayerDocument.Layer, 0, $"MAC mismatch: {why}");
        }
        if (!SecondLayerDocument.Parse(second, checkIntroPointCerts ? outer.SigningKey : null, now).TryGet(out var l2, out err)) return err;
        return new HsDescriptor
        {
            OuterLayer = outer, FirstLayer = l1, SecondLayer = l2, FirstLayerPlaintext = first, SecondLayerPlaintext = second,
            UsedClientAuth = cookie is not null,
        };
    }
}
