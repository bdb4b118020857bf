using System.Text.Json;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.Offline;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>Descriptors signed with a signing bundle's key and certificate, built from the public identity key only:
/// our decoder and stem (the reference peer) accept them, the certificate chains to the blinded key, and the
/// certificate's expiry bounds when the descriptor is accepted.</summary>
public sealed class BundleDescriptorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 16, 0, 0, TimeSpan.Zero);
    private readonly IdentitySecretKey _identity = IdentitySecretKey.Generate();
    private readonly SigningBundle _bundle;

    public BundleDescriptorTests()
    {
        var (first, count) = SigningBundleIssuer.Span(Now, TimeSpan.FromDays(2), 1440, 720);
        // What a balancer holds: the bundle as read back from its file.
        _bundle = SigningBundleFormat.Parse(SigningBundleFormat.Write(SigningBundleIssuer.Issue(_identity, first, count, Now))).Value;
    }

    public void Dispose()
    {
        _bundle.Dispose();
        _identity.Dispose();
    }

    private static DescriptorBuildOptions Options(ulong rev = 4242, IReadOnlyList<ClientAuthPublicKey>? clients = null) =>
        new() { RevisionCounter = new RevisionCounter(rev), Now = Now, AuthorizedClients = clients ?? [] };

    [Fact]
    public void Our_decoder_accepts_a_bundle_signed_descriptor_until_its_certificate_expires()
    {
        var keys = _bundle.Periods[1];
        var built = HsDescriptorBuilder.Build(_bundle.Identity, keys, TestIntroPoints.Many(3), Options()).Value;
        Assert.Equal(keys.SigningPublicKey, built.SigningKey);
        Assert.Equal(keys.Expires, built.CertExpires);
        Assert.Equal(_identity.PublicKey.Blind(keys.Period), built.BlindedKey);

        var lastUpload = CertificateWindow.UploadUntil(keys.Period);
        foreach (var at in new[] { keys.ValidFrom, keys.Period.Start, lastUpload, keys.Expires.AddSeconds(-1) })
        {
            var ok = HsDescriptorDecoder.Decode(built.Text, _bundle.Address, keys.Period, now: at);
            Assert.True(ok.IsSuccess, $"{at:u}: {ok.Error}");
            Assert.Equal(keys.Certificate.Encoded, ok.Value.OuterLayer.SigningKeyCert.Encoded);
            Assert.Equal(3, ok.Value.IntroductionPoints.Count);
        }
        var late = HsDescriptorDecoder.Decode(built.Text, _bundle.Address, keys.Period, now: keys.Expires);
        Assert.False(late.IsSuccess);
        Assert.Equal(DescriptorErrorKind.BadCertificate, late.Error!.Kind);
        Assert.Contains("expired", late.Error.Message);
    }

    [Fact]
    public void Client_authorisation_works_with_bundle_keys()
    {
        using var alice = ClientAuthSecretKey.Generate();
        var keys = _bundle.Periods[0];
        var built = HsDescriptorBuilder.Build(_bundle.Identity, keys, TestIntroPoints.Many(2), Options(clients: [alice.PublicKey])).Value;
        var r = HsDescriptorDecoder.Decode(built.Text, _bundle.Address, keys.Period, alice, now: Now);
        Assert.True(r.IsSuccess, r.Error?.ToString());
        Assert.True(r.Value.UsedClientAuth);
        Assert.Equal(DescriptorErrorKind.DecryptionFailed, HsDescriptorDecoder.Decode(built.Text, _bundle.Address, keys.Period, now: Now).Error!.Kind);
    }

    [Fact]
    public void A_bundle_period_used_for_another_address_is_refused()
    {
        using var other = IdentitySecretKey.Generate();
        var r = HsDescriptorBuilder.Build(other.PublicKey, _bundle.Periods[0], TestIntroPoints.Many(1), Options());
        Assert.False(r.IsSuccess);
        Assert.Equal(DescriptorErrorKind.WrongBlindedKey, r.Error!.Kind);
    }

    [Fact]
    public void Stem_decodes_a_bundle_signed_descriptor_and_verifies_its_certificate()
    {
        Assert.True(ExternalProgram.Exists("/usr/bin/python3"), "/usr/bin/python3 (with stem) is required");
        foreach (var keys in new[] { _bundle.Periods[0], _bundle.Periods[^1] })
        {
            var intros = TestIntroPoints.Many(4);
            var built = HsDescriptorBuilder.Build(_bundle.Identity, keys, intros, Options(rev: 99)).Value;
            using var tmp = new TempDir("ogb");
            File.WriteAllBytes(tmp["desc"], built.Text);
            var script = Path.Combine(AppContext.BaseDirectory, "py", "stem_decode.py");
            // stem_decode.py recomputes the blinded key itself (stem's ed25519 code), checks the cert names it and
            // verifies the cert signature, and stem validates the descriptor signature and decrypts both layers.
            var r = ExternalProgram.Run("/usr/bin/python3", [script, tmp["desc"], _bundle.Address.ToString(), keys.Period.Number.ToString(), "1440"]);
            Assert.True(r.ExitCode == 0, $"stem failed: {r.Stderr}{r.Stdout}");
            var s = JsonDocument.Parse(r.Stdout).RootElement;
            Assert.Equal(99, s.GetProperty("revision_counter").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(_identity.PublicKey.Blind(keys.Period).AsSpan()), s.GetProperty("blinded_key").GetString());
            Assert.Equal(Convert.ToHexStringLower(keys.SigningPublicKey.AsSpan()), s.GetProperty("signing_key").GetString());
            Assert.Equal(keys.Expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), s.GetProperty("cert_expires").GetString());
            Assert.Equal(4, s.GetProperty("intro_points").GetArrayLength());
        }
    }
}
