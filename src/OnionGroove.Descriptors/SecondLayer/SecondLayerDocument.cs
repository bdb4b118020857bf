using System.Globalization;
using OnionGroove.Core;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Descriptors.Parsing;
using PowParamsRecord = OnionGroove.Descriptors.SecondLayer.PowParams;

namespace OnionGroove.Descriptors.SecondLayer;

/// <summary>The decrypted `encrypted` layer (rend-spec-v3 §2.5.2.2): service flags and introduction points.</summary>
public sealed class SecondLayerDocument
{
    public const string Layer = "second layer";

    private static readonly KeywordRule[] HeaderRules =
    [
        new("create2-formats", Occurrence.ExactlyOnce, 1),
        new("intro-auth-required", Occurrence.AtMostOnce, 1),
        new("single-onion-service", Occurrence.AtMostOnce, 0),
        new("flow-control", Occurrence.AtMostOnce, 2),
        // prop327: a pow-params line needs at least its type (arti's hsdesc-inner-pow-empty must fail).
        new("pow-params", Occurrence.Any, 1),
    ];

    private static readonly KeywordRule[] IntroRules =
    [
        new("introduction-point", Occurrence.ExactlyOnce, 1),
        new("onion-key", Occurrence.AtLeastOnce, 2),
        new("auth-key", Occurrence.ExactlyOnce, 0, 0, ObjectRule.Required, "ED25519 CERT"),
        new("enc-key", Occurrence.AtLeastOnce, 2),
        new("enc-key-cert", Occurrence.ExactlyOnce, 0, 0, ObjectRule.Required, "ED25519 CERT"),
        new("legacy-key", Occurrence.AtMostOnce, 0, 0, ObjectRule.Required, "RSA PUBLIC KEY"),
        new("legacy-key-cert", Occurrence.AtMostOnce, 0, 0, ObjectRule.Required, "CROSSCERT"),
    ];

    public required IReadOnlyList<int> Create2Formats { get; init; }
    public IReadOnlyList<string> IntroAuthRequired { get; init; } = [];
    public bool SingleOnionService { get; init; }
    /// <summary>`flow-control` version range (e.g. "1-2") and sendme increment (prop324), if present.</summary>
    public string? FlowControlVersions { get; init; }
    public int? FlowControlSendmeInc { get; init; }
    public IReadOnlyList<PowParamsRecord> PowParams { get; init; } = [];
    public required IReadOnlyList<IntroductionPoint> IntroductionPoints { get; init; }
    public IReadOnlyList<string> UnknownKeywords { get; init; } = [];

    /// <summary>Parses the second layer. With <paramref name="signingKey"/> (the descriptor signing key) each intro point's
    /// auth-key (09) and enc-key (0B) certificates must be signed by it; <paramref name="now"/> also checks their expiry.
    /// Without a signing key only the structure is checked (for parse-only inputs).</summary>
    public static Result<SecondLayerDocument, DescriptorError> Parse(ReadOnlySpan<byte> plaintext, byte[]? signingKey, DateTimeOffset? now = null)
    {
        int nul = plaintext.IndexOf((byte)0);
        var text = nul >= 0 ? plaintext[..nul] : plaintext;
        if (!NetDocTokenizer.Tokenize(text, Layer).TryGet(out var items, out var err)) return err;
        if (items.Count == 0 || items[0].Keyword != "create2-formats")
            return DescriptorError.Malformed(Layer, items.Count == 0 ? 0 : items[0].Line, "must start with \"create2-formats\"");

        int firstIntro = 0;
        while (firstIntro < items.Count && items[firstIntro].Keyword != "introduction-point") firstIntro++;
        var header = items.Take(firstIntro).ToList();
        if (KeywordRules.Check(header, HeaderRules, Layer, items[0].Line) is { } hErr) return hErr;

        var formats = new List<int>();
        foreach (var a in header[0].Args)
        {
            if (!int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var f))
                return DescriptorError.Malformed(Layer, header[0].Line, $"create2-formats: \"{NetDocTokenizer.Printable(a)}\" is not a number");
            formats.Add(f);
        }

        string? fcVersions = null; int? fcSendme = null;
        if (header.FirstOrDefault(i => i.Keyword == "flow-control") is { } fc)
        {
            if (!IsVersionRange(fc.Args[0]) || !int.TryParse(fc.Args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var inc) || inc > 255)
                return DescriptorError.Malformed(Layer, fc.Line, "flow-control needs a version range and a sendme increment (0-255)");
            fcVersions = fc.Args[0]; fcSendme = inc;
        }

        var pows = new List<PowParamsRecord>();
        foreach (var p in header.Where(i => i.Keyword == "pow-params"))
        {
            if (p.Args[0] != PowParamsRecord.V1) { pows.Add(new PowParamsRecord(p.Args[0], null, null, null, p.Args)); continue; }
            if (pows.Any(x => x.Type == PowParamsRecord.V1))
                return DescriptorError.Malformed(Layer, p.Line, "more than one pow-params v1 line");
            if (p.Args.Count < 4)
                return DescriptorError.Malformed(Layer, p.Line, "pow-params v1 needs seed, suggested-effort and expiration-time");
            var seed = Base64.Decode(p.Args[1], PowParamsRecord.SeedLength);
            if (seed is null) return DescriptorError.Malformed(Layer, p.Line, "pow-params v1 seed is not 32 bytes of base64");
            if (!uint.TryParse(p.Args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var effort))
                return DescriptorError.Malformed(Layer, p.Line, "pow-params v1 suggested-effort is not a 32-bit unsigned integer");
            if (!DateTime.TryParseExact(p.Args[3], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var exp))
                return DescriptorError.Malformed(Layer, p.Line, "pow-params v1 expiration-time is not YYYY-MM-DDTHH:MM:SS");
            pows.Add(new PowParamsRecord(PowParamsRecord.V1, seed, effort, new DateTimeOffset(exp, TimeSpan.Zero), p.Args));
        }

        var intros = new List<IntroductionPoint>();
        for (int i = firstIntro; i < items.Count;)
        {
            int end = i + 1;
            while (end < items.Count && items[end].Keyword != "introduction-point") end++;
            var r = ParseIntro(items.Skip(i).Take(end - i).ToList(), signingKey, now);
            if (!r.TryGet(out var ip, out var ipErr)) return ipErr;
            intros.Add(ip);
            i = end;
        }

        var known = HeaderRules.Select(r => r.Keyword).ToHashSet();
        return new SecondLayerDocument
        {
            Create2Formats = formats,
            IntroAuthRequired = header.FirstOrDefault(i => i.Keyword == "intro-auth-required")?.Args ?? [],
            SingleOnionService = header.Any(i => i.Keyword == "single-onion-service"),
            FlowControlVersions = fcVersions,
            FlowControlSendmeInc = fcSendme,
            PowParams = pows,
            IntroductionPoints = intros,
            UnknownKeywords = header.Where(i => !known.Contains(i.Keyword)).Select(i => i.Keyword).ToArray(),
        };
    }

    private static Result<IntroductionPoint, DescriptorError> ParseIntro(List<NetDocItem> block, byte[]? signingKey, DateTimeOffset? now)
    {
        var head = block[0];
        if (KeywordRules.Check(block, IntroRules, Layer, head.Line) is { } e) return e;
        if (Base64.Decode(head.Args[0]) is not { } lsRaw)
            return DescriptorError.Malformed(Layer, head.Line, "introduction-point link specifiers are not base64");
        var specs = LinkSpecifier.ParseList(lsRaw, out var lsErr);
        if (specs is null) return DescriptorError.Malformed(Layer, head.Line, $"introduction-point: {lsErr}");

        // Tor looks for the ntor key among possibly several onion-key / enc-key lines.
        var onion = block.FirstOrDefault(i => i.Keyword == "onion-key" && i.Args[0] == "ntor");
        if (onion is null) return DescriptorError.Malformed(Layer, head.Line, "introduction point has no \"onion-key ntor\"");
        if (Base64.Decode(onion.Args[1], 32) is not { } onionKey)
            return DescriptorError.Malformed(Layer, onion.Line, "onion-key ntor is not a base64 32-byte key");
        var enc = block.FirstOrDefault(i => i.Keyword == "enc-key" && i.Args[0] == "ntor");
        if (enc is null) return DescriptorError.Malformed(Layer, head.Line, "introduction point has no \"enc-key ntor\"");
        if (Base64.Decode(enc.Args[1], 32) is not { } encKey)
            return DescriptorError.Malformed(Layer, enc.Line, "enc-key ntor is not a base64 32-byte key");

        var authItem = block.First(i => i.Keyword == "auth-key");
        var authCert = CheckCert(authItem, CertType.HsV3IntroAuth, signingKey, now, out var aErr);
        if (authCert is null) return aErr!;
        var encItem = block.First(i => i.Keyword == "enc-key-cert");
        var encCert = CheckCert(encItem, CertType.HsV3NtorEnc, signingKey, now, out var eErr);
        if (encCert is null) return eErr!;

        return new IntroductionPoint
        {
            LinkSpecifiers = specs,
            LinkSpecifiersRaw = lsRaw,
            OnionKeyNtor = onionKey,
            AuthKeyCert = authCert,
            EncKeyNtor = encKey,
            EncKeyCert = encCert,
            LegacyKey = block.FirstOrDefault(i => i.Keyword == "legacy-key")?.Object?.Data,
            LegacyKeyCert = block.FirstOrDefault(i => i.Keyword == "legacy-key-cert")?.Object?.Data,
            Line = head.Line,
        };
    }

    private static TorCert? CheckCert(NetDocItem item, CertType type, byte[]? signingKey, DateTimeOffset? now, out DescriptorError? error)
    {
        error = null;
        var cert = TorCert.Parse(item.Object!.Data, out var why);
        DescriptorError Bad(string m) => new(DescriptorErrorKind.BadCertificate, Layer, item.Line, $"{item.Keyword}: {m}");
        if (cert is null) { error = Bad(why!); return null; }
        if (cert.CertTypeValue != (byte)type) { error = Bad($"certificate type {cert.CertTypeValue:x2}, expected {(byte)type:x2}"); return null; }
        if (signingKey is null) return cert;
        if (cert.SigningKey is not { } signer) { error = Bad("no signed-with-ed25519-key extension"); return null; }
        if (!signer.AsSpan().SequenceEqual(signingKey)) { error = Bad("not signed by this descriptor's signing key"); return null; }
        if (!cert.VerifySignature(signingKey)) { error = Bad("signature does not verify"); return null; }
        if (now is { } t && cert.IsExpired(t)) { error = Bad($"expired at {cert.Expires:u}"); return null; }
        return cert;
    }

    private static bool IsVersionRange(string s)
    {
        foreach (var part in s.Split(','))
        {
            var ends = part.Split('-');
            if (ends.Length > 2 || ends.Any(x => x.Length == 0 || !x.All(char.IsAsciiDigit))) return false;
        }
        return true;
    }
}
