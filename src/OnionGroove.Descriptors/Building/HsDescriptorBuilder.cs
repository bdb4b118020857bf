using System.Security.Cryptography;
using System.Text;
using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Descriptors.Encryption;
using OnionGroove.Descriptors.FirstLayer;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Building;

/// <summary>Builds v3 descriptors as tor does (rend-spec-v3 §2.4–2.5; tor's hs_descriptor.c encoding): a fresh
/// descriptor signing key certified by the blinded key, intro-point certs re-issued under it, fake or real
/// `auth-client` lines, first layer NUL-padded to a multiple of 10 000 bytes, second layer unpadded.</summary>
public static class HsDescriptorBuilder
{
    /// <summary>Tor pads the first-layer plaintext to a multiple of this (HS_DESC_SUPERENC_PLAINTEXT_PAD_MULTIPLE).</summary>
    public const int FirstLayerPadMultiple = 10_000;
    /// <summary>auth-client lines come in multiples of 16 (HS_DESC_AUTH_CLIENT_MULTIPLE), fake ones filling up.</summary>
    public const int AuthClientMultiple = 16;

    public static Result<BuiltDescriptor, DescriptorError> Build(IdentitySecretKey identity, TimePeriod period, IReadOnlyList<IntroPointSpec> introPoints,
        DescriptorBuildOptions options)
    {
        using var blinded = identity.Blind(period);
        var subcredential = Subcredential.Derive(identity.PublicKey, blinded.PublicKey);
        return Build(blinded, subcredential, introPoints, options);
    }

    /// <summary>Builds with an already blinded keypair (the only secret the descriptor needs).</summary>
    public static Result<BuiltDescriptor, DescriptorError> Build(BlindedKeypair blinded, Subcredential subcredential, IReadOnlyList<IntroPointSpec> introPoints,
        DescriptorBuildOptions options)
    {
        CheckLifetime(options);
        using var signing = DescriptorSigningKeypair.Generate();
        var expires = TorCertBuilder.ExpirationHours(options.Now, options.CertLifetime);
        var signingCert = TorCertBuilder.Build(CertType.HsV3DescSigning, signing.PublicKey.AsSpan(), expires, blinded.PublicKey.AsSpan(), blinded.Sign);
        return Assemble(blinded.PublicKey, blinded.Period, subcredential, signing, signingCert, expires, introPoints, options);
    }

    /// <summary>Builds with a signing bundle's key and certificate for the period (docs/offline-keys.md): no identity or
    /// blinded secret is needed, only the public identity key. The intro-point certificates get the bundle
    /// certificate's expiry; <see cref="DescriptorBuildOptions.Now"/> and <see cref="DescriptorBuildOptions.CertLifetime"/> are unused.</summary>
    public static Result<BuiltDescriptor, DescriptorError> Build(IdentityPublicKey identity, Offline.BundlePeriod keys, IReadOnlyList<IntroPointSpec> introPoints,
        DescriptorBuildOptions options)
    {
        CheckLifetime(options);
        var blindedKey = identity.Blind(keys.Period);
        if (keys.Certificate.SigningKey is not { } signer || !signer.AsSpan().SequenceEqual(blindedKey.AsSpan()))
            return new DescriptorError(DescriptorErrorKind.WrongBlindedKey, OuterLayerDocument.Layer, 0,
                $"the bundle's certificate for period {keys.Period.Number} is not issued by {identity.Address}'s blinded key");
        using var signing = keys.CreateSigningKey();
        return Assemble(blindedKey, keys.Period, Subcredential.Derive(identity, blindedKey), signing, keys.Certificate.Encoded,
            keys.Certificate.ExpirationHours, introPoints, options);
    }

    private static void CheckLifetime(DescriptorBuildOptions options)
    {
        if (options.LifetimeMinutes is < 30 or > 720) throw new ArgumentOutOfRangeException(nameof(options), "descriptor lifetime must be 30–720 minutes");
    }

    private static Result<BuiltDescriptor, DescriptorError> Assemble(BlindedPublicKey blindedPublic, TimePeriod period, Subcredential subcredential,
        DescriptorSigningKeypair signing, byte[] signingCert, uint expires, IReadOnlyList<IntroPointSpec> introPoints, DescriptorBuildOptions options)
    {
        var signingKey = signing.PublicKey.AsSpan().ToArray();
        DescriptorCookie? cookie = null;
        try
        {
            var second = SecondLayerText(introPoints, options, signing, signingKey, expires);
            if (options.SecondLayerRewrite is { } rewrite) second = rewrite(second);
            if (options.AuthorizedClients.Count > 0) cookie = DescriptorCookie.Generate();
            byte[] secondBlob, firstBlob;
            using (var secondSecret = SecretData.ForSecondLayer(blindedPublic, cookie))
                secondBlob = LayerCipher.Encrypt(secondSecret, subcredential, options.RevisionCounter, second,
                    RandomNumberGenerator.GetBytes(LayerCipher.SaltLength));

            var first = FirstLayerText(secondBlob, subcredential, options.AuthorizedClients, cookie);
            using (var firstSecret = SecretData.ForFirstLayer(blindedPublic))
                firstBlob = LayerCipher.Encrypt(firstSecret, subcredential, options.RevisionCounter, first,
                    RandomNumberGenerator.GetBytes(LayerCipher.SaltLength));

            // The signed bytes are the prefix ‖ the document up to "signature ", so the writer starts with the prefix.
            var prefix = OuterLayerDocument.SignaturePrefix.Length;
            var outer = new NetDocWriter(prefix + firstBlob.Length * 4 / 3 + firstBlob.Length / 48 + 1024).Raw(OuterLayerDocument.SignaturePrefix);
            outer.Raw("hs-descriptor 3\n"u8);
            outer.Raw("descriptor-lifetime "u8).Number(options.LifetimeMinutes).Char('\n');
            outer.Raw("descriptor-signing-key-cert\n"u8).Object("ED25519 CERT", signingCert);
            outer.Raw("revision-counter "u8).Number(options.RevisionCounter.Value).Char('\n');
            outer.Raw("superencrypted\n"u8).Object("MESSAGE", firstBlob);
            Span<byte> sig = stackalloc byte[64];
            signing.Sign(outer.Written, sig);
            outer.Raw("signature "u8).Base64(sig, pad: false).Char('\n');
            var text = outer.ToArray(prefix);
            if (text.Length > OuterLayerDocument.MaxSize)
                return new DescriptorError(DescriptorErrorKind.TooLarge, OuterLayerDocument.Layer, 0,
                    $"the descriptor would be {text.Length} bytes, over the {OuterLayerDocument.MaxSize}-byte limit HSDirs accept; use fewer introduction points or authorised clients");
            return new BuiltDescriptor(text, blindedPublic, period, options.RevisionCounter, signing.PublicKey,
                DateTimeOffset.FromUnixTimeSeconds(expires * 3600L));
        }
        finally
        {
            cookie?.Dispose();
        }
    }

    /// <summary>The ed25519 form of each enc key, remembered per (immutable) key object: the balancer re-signs the same
    /// intro points for the current and next descriptor and on every republish, and the conversion's point validation
    /// (a full torsion check) costs about as much as a signature. Keyed by reference, so entries die with the keys.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<X25519PublicKey, Ed25519PublicKey> EncKeyAsEd25519 = new();

    private static byte[] SecondLayerText(IReadOnlyList<IntroPointSpec> intros, DescriptorBuildOptions o, DescriptorSigningKeypair signing,
        byte[] signingKey, uint expires)
    {
        var sb = new NetDocWriter(1024 + intros.Count * 1200);
        sb.Raw("create2-formats "u8);
        for (var i = 0; i < o.Create2Formats.Count; i++) (i == 0 ? sb : sb.Char(' ')).Number(o.Create2Formats[i]);
        sb.Char('\n');
        if (o.SingleOnionService) sb.Raw("single-onion-service\n"u8);
        if (o.FlowControl is { } fc) sb.Raw("flow-control "u8).Text(fc.Versions).Char(' ').Number(fc.SendmeInc).Char('\n');
        if (o.PowParams is { Type: PowParams.V1, Seed: { } seed, SuggestedEffort: { } effort, Expiration: { } exp })
            sb.Raw("pow-params v1 "u8).Base64(seed, pad: false).Char(' ').Number(effort).Char(' ')
              .Text(exp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Char('\n');
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
            sb.Raw("introduction-point "u8).Base64(ip.LinkSpecifiers).Char('\n');
            sb.Raw("onion-key ntor "u8).Base64(ip.OnionKeyNtor.AsSpan()).Char('\n');
            sb.Raw("auth-key\n"u8).Object("ED25519 CERT", authCert);
            sb.Raw("enc-key ntor "u8).Base64(ip.EncKeyNtor.AsSpan()).Char('\n');
            sb.Raw("enc-key-cert\n"u8).Object("ED25519 CERT", encCert);
            if (ip.LegacyKey is { } lk && ip.LegacyKeyCert is { } lkc)
            {
                sb.Raw("legacy-key\n"u8).Object("RSA PUBLIC KEY", lk);
                sb.Raw("legacy-key-cert\n"u8).Object("CROSSCERT", lkc);
            }
        }
        return sb.ToArray();
    }

    private static byte[] FirstLayerText(byte[] secondBlob, Subcredential subcredential, IReadOnlyList<ClientAuthPublicKey> clients, DescriptorCookie? cookie)
    {
        using var ephemeral = X25519SecretKey.Generate();
        var lines = new List<AuthClient>();
        foreach (var c in clients)
            lines.Add(DescriptorClientAuth.EncryptCookie(subcredential, ephemeral, c.Key, cookie!, RandomNumberGenerator.GetBytes(AuthClient.IvLength)));
        int total = Math.Max(AuthClientMultiple, (lines.Count + AuthClientMultiple - 1) / AuthClientMultiple * AuthClientMultiple);
        // All fake lines' bytes come from one RNG call: each call into OpenSSL's RNG costs microseconds of fixed overhead.
        const int fakeLength = AuthClient.ClientIdLength + AuthClient.IvLength + AuthClient.CookieLength;
        var fake = RandomNumberGenerator.GetBytes((total - lines.Count) * fakeLength).AsSpan();
        for (; lines.Count < total; fake = fake[fakeLength..])
            lines.Add(new AuthClient(fake[..AuthClient.ClientIdLength].ToArray(), fake.Slice(AuthClient.ClientIdLength, AuthClient.IvLength).ToArray(),
                fake.Slice(AuthClient.ClientIdLength + AuthClient.IvLength, AuthClient.CookieLength).ToArray()));
        // Shuffle so real clients' positions reveal nothing (tor shuffles too); lines that are all random need no shuffle.
        if (clients.Count > 0) RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lines));

        var sb = new NetDocWriter((secondBlob.Length * 4 / 3 + secondBlob.Length / 48 + 2048 + FirstLayerPadMultiple - 1) / FirstLayerPadMultiple * FirstLayerPadMultiple);
        sb.Raw("desc-auth-type x25519\n"u8);
        sb.Raw("desc-auth-ephemeral-key "u8).Base64(ephemeral.PublicKey.AsSpan()).Char('\n');
        foreach (var l in lines)
            sb.Raw("auth-client "u8).Base64(l.ClientId, pad: false).Char(' ').Base64(l.Iv, pad: false)
              .Char(' ').Base64(l.EncryptedCookie, pad: false).Char('\n');
        sb.Raw("encrypted\n"u8).Object("MESSAGE", secondBlob);
        return sb.PadTo(FirstLayerPadMultiple).ToArray();
    }
}
