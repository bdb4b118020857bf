using System.Security.Cryptography;
using System.Text;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Descriptors.Encryption;
using OnionGroove.Descriptors.FirstLayer;
using OnionGroove.Descriptors.Outer;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Descriptors.Building;

/// <summary>A descriptor we built, with the public facts a publisher needs.</summary>
public sealed record BuiltDescriptor(byte[] Text, BlindedPublicKey BlindedKey, TimePeriod Period, ulong RevisionCounter, Ed25519PublicKey SigningKey,
    DateTimeOffset CertExpires)
{
    public string AsString() => Encoding.ASCII.GetString(Text);
}

/// <summary>Builds v3 descriptors as tor does (rend-spec-v3 §2.4–2.5; tor's hs_descriptor.c encoding): a fresh
/// descriptor signing key certified by the blinded key, intro-point certs re-issued under it, fake or real
/// `auth-client` lines, first layer NUL-padded to a multiple of 10 000 bytes, second layer unpadded.</summary>
public static class HsDescriptorBuilder
{
    /// <summary>Tor pads the first-layer plaintext to a multiple of this (HS_DESC_SUPERENC_PLAINTEXT_PAD_MULTIPLE).</summary>
    public const int FirstLayerPadMultiple = 10_000;
    /// <summary>auth-client lines come in multiples of 16 (HS_DESC_AUTH_CLIENT_MULTIPLE), fake ones filling up.</summary>
    public const int AuthClientMultiple = 16;

    public static ParseResult<BuiltDescriptor> Build(IdentitySecretKey identity, TimePeriod period, IReadOnlyList<IntroPointSpec> introPoints,
        DescriptorBuildOptions options)
    {
        using var blinded = identity.Blind(period);
        var subcredential = Subcredential.Derive(identity.PublicKey, blinded.PublicKey);
        return Build(blinded, subcredential, introPoints, options);
    }

    /// <summary>Builds with an already blinded keypair (the only secret the descriptor needs).</summary>
    public static ParseResult<BuiltDescriptor> Build(BlindedKeypair blinded, Subcredential subcredential, IReadOnlyList<IntroPointSpec> introPoints,
        DescriptorBuildOptions options)
    {
        if (options.LifetimeMinutes is < 30 or > 720) throw new ArgumentOutOfRangeException(nameof(options), "descriptor lifetime must be 30–720 minutes");
        using var signing = DescriptorSigningKeypair.Generate();
        var expires = TorCertBuilder.ExpirationHours(options.Now, options.CertLifetime);
        var blindedKey = blinded.PublicKey.AsSpan().ToArray();
        var signingKey = signing.PublicKey.AsSpan().ToArray();
        byte[]? cookie = null;
        try
        {
            var second = SecondLayerText(introPoints, options, signing, signingKey, expires);
            if (options.AuthorizedClients.Count > 0) cookie = RandomNumberGenerator.GetBytes(DescriptorClientAuth.CookieLength);
            var secondBlob = LayerCipher.Encrypt(DescriptorLayer.Second, LayerCipher.SecretData(blindedKey, cookie), subcredential.AsSpan(),
                options.RevisionCounter, second, RandomNumberGenerator.GetBytes(LayerCipher.SaltLength));

            var first = FirstLayerText(secondBlob, subcredential, options.AuthorizedClients, cookie);
            var firstBlob = LayerCipher.Encrypt(DescriptorLayer.First, blindedKey, subcredential.AsSpan(), options.RevisionCounter, first,
                RandomNumberGenerator.GetBytes(LayerCipher.SaltLength));

            var signingCert = TorCertBuilder.Build(CertType.HsV3DescSigning, signingKey, expires, blindedKey, blinded.Sign);
            var outer = new StringBuilder(firstBlob.Length * 4 / 3 + 1024);
            outer.Append("hs-descriptor 3\n");
            outer.Append("descriptor-lifetime ").Append(options.LifetimeMinutes).Append('\n');
            outer.Append("descriptor-signing-key-cert\n").Append(Base64.EncodeObject("ED25519 CERT", signingCert));
            outer.Append("revision-counter ").Append(options.RevisionCounter).Append('\n');
            outer.Append("superencrypted\n").Append(Base64.EncodeObject("MESSAGE", firstBlob));
            var body = Encoding.ASCII.GetBytes(outer.ToString());
            var toSign = new byte[OuterDescriptor.SignaturePrefix.Length + body.Length];
            OuterDescriptor.SignaturePrefix.CopyTo(toSign);
            body.CopyTo(toSign, OuterDescriptor.SignaturePrefix.Length);
            var sig = signing.Sign(toSign);
            var text = Encoding.ASCII.GetBytes(outer.Append("signature ").Append(Base64.Encode(sig, pad: false)).Append('\n').ToString());
            if (text.Length > OuterDescriptor.MaxSize)
                return new DescriptorError(DescriptorErrorKind.TooLarge, OuterDescriptor.Layer, 0,
                    $"the descriptor would be {text.Length} bytes, over the {OuterDescriptor.MaxSize}-byte limit HSDirs accept; use fewer introduction points or authorised clients");
            return new BuiltDescriptor(text, blinded.PublicKey, blinded.Period, options.RevisionCounter, signing.PublicKey,
                DateTimeOffset.FromUnixTimeSeconds(expires * 3600L));
        }
        finally
        {
            if (cookie is not null) CryptographicOperations.ZeroMemory(cookie);
        }
    }

    /// <summary>The ed25519 form of each enc key, remembered per (immutable) key object: the balancer re-signs the same
    /// intro points for the current and next descriptor and on every republish, and the conversion's point validation
    /// (a full torsion check) costs about as much as a signature. Keyed by reference, so entries die with the keys.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<X25519PublicKey, Ed25519PublicKey> EncKeyAsEd25519 = new();

    private static byte[] SecondLayerText(IReadOnlyList<IntroPointSpec> intros, DescriptorBuildOptions o, DescriptorSigningKeypair signing,
        byte[] signingKey, uint expires)
    {
        var sb = new StringBuilder(1024 + intros.Count * 1200);
        sb.Append("create2-formats ").AppendJoin(' ', o.Create2Formats).Append('\n');
        if (o.SingleOnionService) sb.Append("single-onion-service\n");
        if (o.FlowControl is { } fc) sb.Append("flow-control ").Append(fc.Versions).Append(' ').Append(fc.SendmeInc).Append('\n');
        if (o.PowParams is { Type: PowParams.V1, Seed: { } seed, SuggestedEffort: { } effort, Expiration: { } exp })
            sb.Append("pow-params v1 ").Append(Base64.Encode(seed, pad: false)).Append(' ').Append(effort).Append(' ')
              .Append(exp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        // Every intro point's two certs are built first and signed in one batch (the signatures share a field inversion).
        var certs = new byte[intros.Count * 2][];
        CertSigner later = static (_, _) => { };
        for (var i = 0; i < intros.Count; i++)
        {
            var ip = intros[i];
            certs[2 * i] = TorCertBuilder.Build(CertType.HsV3IntroAuth, ip.AuthKey.AsSpan(), expires, signingKey, later);
            // cert-spec / rend-spec §2.5.2.2: the enc-key cert certifies the ed25519 form of the curve25519 key; tor uses sign bit 0.
            var encEd = EncKeyAsEd25519.GetValue(ip.EncKeyNtor, k => KeyConversion.X25519ToEd25519Public(k.AsSpan(), 0));
            certs[2 * i + 1] = TorCertBuilder.Build(CertType.HsV3NtorEnc, encEd.AsSpan(), expires, signingKey, later);
        }
        var signatures = new byte[certs.Length * TorCert.SignatureLength];
        signing.SignMany(Array.ConvertAll(certs, c => new ReadOnlyMemory<byte>(c, 0, c.Length - TorCert.SignatureLength)), signatures);
        for (var c = 0; c < certs.Length; c++)
            signatures.AsSpan(c * TorCert.SignatureLength, TorCert.SignatureLength).CopyTo(certs[c].AsSpan(certs[c].Length - TorCert.SignatureLength));
        for (var i = 0; i < intros.Count; i++)
        {
            var ip = intros[i];
            var (authCert, encCert) = (certs[2 * i], certs[2 * i + 1]);
            sb.Append("introduction-point ").Append(Base64.Encode(ip.LinkSpecifiers)).Append('\n');
            sb.Append("onion-key ntor ").Append(Base64.Encode(ip.OnionKeyNtor.AsSpan())).Append('\n');
            sb.Append("auth-key\n").Append(Base64.EncodeObject("ED25519 CERT", authCert));
            sb.Append("enc-key ntor ").Append(Base64.Encode(ip.EncKeyNtor.AsSpan())).Append('\n');
            sb.Append("enc-key-cert\n").Append(Base64.EncodeObject("ED25519 CERT", encCert));
            if (ip.LegacyKey is { } lk && ip.LegacyKeyCert is { } lkc)
            {
                sb.Append("legacy-key\n").Append(Base64.EncodeObject("RSA PUBLIC KEY", lk));
                sb.Append("legacy-key-cert\n").Append(Base64.EncodeObject("CROSSCERT", lkc));
            }
        }
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static byte[] FirstLayerText(byte[] secondBlob, Subcredential subcredential, IReadOnlyList<ClientAuthPublicKey> clients, byte[]? cookie)
    {
        using var ephemeral = X25519SecretKey.Generate();
        var lines = new List<AuthClient>();
        foreach (var c in clients)
            lines.Add(DescriptorClientAuth.EncryptCookie(subcredential.AsSpan(), ephemeral, c.Key, cookie!, RandomNumberGenerator.GetBytes(AuthClient.IvLength)));
        int total = Math.Max(AuthClientMultiple, (lines.Count + AuthClientMultiple - 1) / AuthClientMultiple * AuthClientMultiple);
        // All fake lines' bytes come from one RNG call: each call into OpenSSL's RNG costs microseconds of fixed overhead.
        const int fakeLength = AuthClient.ClientIdLength + AuthClient.IvLength + AuthClient.CookieLength;
        var fake = RandomNumberGenerator.GetBytes((total - lines.Count) * fakeLength).AsSpan();
        for (; lines.Count < total; fake = fake[fakeLength..])
            lines.Add(new AuthClient(fake[..AuthClient.ClientIdLength].ToArray(), fake.Slice(AuthClient.ClientIdLength, AuthClient.IvLength).ToArray(),
                fake.Slice(AuthClient.ClientIdLength + AuthClient.IvLength, AuthClient.CookieLength).ToArray()));
        // Shuffle so real clients' positions reveal nothing (tor shuffles too); lines that are all random need no shuffle.
        if (clients.Count > 0) RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lines));

        var sb = new StringBuilder(secondBlob.Length * 4 / 3 + 2048);
        sb.Append("desc-auth-type x25519\n");
        sb.Append("desc-auth-ephemeral-key ").Append(Base64.Encode(ephemeral.PublicKey.AsSpan())).Append('\n');
        foreach (var l in lines)
            sb.Append("auth-client ").Append(Base64.Encode(l.ClientId, pad: false)).Append(' ').Append(Base64.Encode(l.Iv, pad: false))
              .Append(' ').Append(Base64.Encode(l.EncryptedCookie, pad: false)).Append('\n');
        sb.Append("encrypted\n").Append(Base64.EncodeObject("MESSAGE", secondBlob));
        var text = Encoding.ASCII.GetBytes(sb.ToString());
        var padded = new byte[(text.Length + FirstLayerPadMultiple - 1) / FirstLayerPadMultiple * FirstLayerPadMultiple];
        text.CopyTo(padded, 0);
        return padded;
    }
}
