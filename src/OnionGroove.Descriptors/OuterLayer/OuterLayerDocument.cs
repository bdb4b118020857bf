using OnionGroove.Core;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Descriptors.Parsing;

namespace OnionGroove.Descriptors.OuterLayer;

/// <summary>The verified outer layer, the plaintext document that wraps the two encrypted ones (rend-spec-v3 §2.4, "outer
/// wrapper" [DESC-OUTER]). Obtain one only through <see cref="UnverifiedOuterLayerDocument.Verify"/>.</summary>
public sealed class OuterLayerDocument
{
    public const string Layer = "descriptor";
    /// <summary>rend-spec-v3 §2.4: "Tor onion service descriptor sig v3" prefixes the signed text.</summary>
    public static ReadOnlySpan<byte> SignaturePrefix => "Tor onion service descriptor sig v3"u8;
    /// <summary>HSDirs accept descriptors of up to 50 000 bytes (rend-spec-v3 §2.4; consensus param HSV3MaxDescriptorSize).</summary>
    public const int MaxSize = 50_000;

    private static readonly KeywordRule[] Rules =
    [
        new("hs-descriptor", Occurrence.ExactlyOnce, 1, 1),
        new("descriptor-lifetime", Occurrence.ExactlyOnce, 1, 1),
        new("descriptor-signing-key-cert", Occurrence.ExactlyOnce, 0, 0, ObjectRule.Required, "ED25519 CERT"),
        new("revision-counter", Occurrence.ExactlyOnce, 1, 1),
        new("superencrypted", Occurrence.ExactlyOnce, 0, 0, ObjectRule.Required, "MESSAGE"),
        new("signature", Occurrence.ExactlyOnce, 1, 1),
    ];

    internal OuterLayerDocument(byte[] raw) => Raw = raw;

    public int Version { get; private init; }
    public int LifetimeMinutes { get; private init; }
    public required TorCert SigningKeyCert { get; init; }
    /// <summary>The descriptor signing key (certified by the blinded key).</summary>
    public byte[] SigningKey => SigningKeyCert.CertifiedKey;
    public RevisionCounter RevisionCounter { get; private init; }
    /// <summary>The encrypted first layer (salt ‖ ciphertext ‖ MAC).</summary>
    public required byte[] Superencrypted { get; init; }
    public required byte[] Signature { get; init; }
    /// <summary>The exact bytes received.</summary>
    public byte[] Raw { get; }
    /// <summary>Prefix ‖ the document up to (excluding) the "signature" line.</summary>
    internal byte[] SignedMessage { get; init; } = [];
    internal int CertLine { get; private init; }
    internal int SignatureLine { get; private init; }
    /// <summary>Keyword lines we did not recognise (ignored, as dir-spec §1.2 asks).</summary>
    public IReadOnlyList<string> UnknownKeywords { get; private init; } = [];

    public static Result<UnverifiedOuterLayerDocument, DescriptorError> Parse(ReadOnlySpan<byte> document)
    {
        if (document.Length > MaxSize)
            return new DescriptorError(DescriptorErrorKind.TooLarge, Layer, 0, $"descriptor is {document.Length} bytes, the limit is {MaxSize}");
        if (!document.StartsWith("hs-descriptor "u8))
            return DescriptorError.Malformed(Layer, 1, "does not start with \"hs-descriptor\"");
        if (!NetDocTokenizer.Tokenize(document, Layer).TryGet(out var items, out var err)) return err;
        if (KeywordRules.Check(items, Rules, Layer, items.Count == 0 ? 0 : items[^1].Line) is { } ruleErr) return ruleErr;

        var byKey = items.Where(i => Rules.Any(r => r.Keyword == i.Keyword)).ToDictionary(i => i.Keyword);
        var first = items[0];
        if (first.Args[0] != "3")
            return DescriptorError.Malformed(Layer, first.Line, $"unsupported hs-descriptor version \"{NetDocTokenizer.Printable(first.Args[0])}\"");
        var sig = byKey["signature"];
        if (!ReferenceEquals(items[^1], sig))
            return new DescriptorError(DescriptorErrorKind.BadSignature, Layer, sig.Line, "\"signature\" must be the last line");

        var lifeItem = byKey["descriptor-lifetime"];
        if (!int.TryParse(lifeItem.Args[0], System.Globalization.NumberStyles.None, null, out var lifetime) || lifetime is < 30 or > 720)
            return DescriptorError.Malformed(Layer, lifeItem.Line, "descriptor-lifetime must be a number of minutes between 30 and 720");
        var revItem = byKey["revision-counter"];
        if (!ulong.TryParse(revItem.Args[0], System.Globalization.NumberStyles.None, null, out var revision))
            return DescriptorError.Malformed(Layer, revItem.Line, "revision-counter is not an unsigned 64-bit integer");
        var certItem = byKey["descriptor-signing-key-cert"];
        var cert = TorCert.Parse(certItem.Object!.Data, out var certErr);
        if (cert is null)
            return new DescriptorError(DescriptorErrorKind.BadCertificate, Layer, certItem.Line, $"descriptor-signing-key-cert: {certErr}");
        if (Base64.Decode(sig.Args[0], 64) is not { } signature)
            return new DescriptorError(DescriptorErrorKind.BadSignature, Layer, sig.Line, "signature is not 64 bytes of base64");

        var signedLength = sig.Offset;
        var signed = new byte[SignaturePrefix.Length + signedLength];
        SignaturePrefix.CopyTo(signed);
        document[..signedLength].CopyTo(signed.AsSpan(SignaturePrefix.Length));

        var d = new OuterLayerDocument(document.ToArray())
        {
            Version = 3,
            LifetimeMinutes = lifetime,
            SigningKeyCert = cert,
            RevisionCounter = new RevisionCounter(revision),
            Superencrypted = byKey["superencrypted"].Object!.Data,
            Signature = signature,
            SignedMessage = signed,
            CertLine = certItem.Line,
            SignatureLine = sig.Line,
            UnknownKeywords = items.Where(i => !Rules.Any(r => r.Keyword == i.Keyword)).Select(i => i.Keyword).ToArray(),
        };
        return new UnverifiedOuterLayerDocument(d);
    }
}
