using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.OuterLayer;

/// <summary>The outer layer (plaintext document) of a v3 onion-service descriptor (rend-spec-v3 §2.4), parsed but
/// NOT yet verified: nothing here is trustworthy until <see cref="Verify"/> has checked the certificate chain
/// to the expected blinded key and the descriptor signature.</summary>
public sealed class UnverifiedOuterLayerDocument
{
    internal UnverifiedOuterLayerDocument(OuterLayerDocument d) => Document = d;
    internal OuterLayerDocument Document { get; }

    /// <summary>Fields that are safe to show before verification (e.g. for diagnostics).</summary>
    public OuterLayerDocument Unchecked => Document;

    /// <summary>Checks: cert type 08 with a signed-with-ed25519-key extension equal to <paramref name="blindedKey"/>, the cert
    /// signature by that key, optional expiry against <paramref name="now"/>, and the descriptor signature by the certified key.</summary>
    public Result<OuterLayerDocument, DescriptorError> Verify(BlindedPublicKey blindedKey, DateTimeOffset? now = null)
    {
        var d = Document;
        var cert = d.SigningKeyCert;
        if (cert.CertTypeValue != (byte)CertType.HsV3DescSigning)
            return new DescriptorError(DescriptorErrorKind.BadCertificate, OuterLayerDocument.Layer, d.CertLine, $"descriptor-signing-key-cert has type {cert.CertTypeValue:x2}, expected 08");
        if (cert.SigningKey is not { } signer)
            return new DescriptorError(DescriptorErrorKind.BadCertificate, OuterLayerDocument.Layer, d.CertLine, "descriptor-signing-key-cert lacks the signed-with-ed25519-key extension");
        if (!signer.AsSpan().SequenceEqual(blindedKey.AsSpan()))
            return new DescriptorError(DescriptorErrorKind.WrongBlindedKey, OuterLayerDocument.Layer, d.CertLine,
                $"descriptor-signing-key-cert is signed by blinded key {Convert.ToHexStringLower(signer)}, expected {Convert.ToHexStringLower(blindedKey.AsSpan())} (wrong address or time period)");
        if (!cert.VerifySignature(blindedKey.AsSpan()))
            return new DescriptorError(DescriptorErrorKind.BadCertificate, OuterLayerDocument.Layer, d.CertLine, "descriptor-signing-key-cert signature does not verify");
        if (now is { } t && cert.IsExpired(t))
            return new DescriptorError(DescriptorErrorKind.BadCertificate, OuterLayerDocument.Layer, d.CertLine, $"descriptor-signing-key-cert expired at {cert.Expires:u}");
        if (!Ed25519Verifier.Verify(cert.CertifiedKey, d.SignedMessage, d.Signature))
            return new DescriptorError(DescriptorErrorKind.BadSignature, OuterLayerDocument.Layer, d.SignatureLine, "descriptor signature does not verify");
        return d;
    }
}
