using OnionGroove.Crypto;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>Every descriptor in descriptors/descriptors.json, decoded with its published blinded key and subcredential.</summary>
public class DescriptorVectorTests
{
    /// <summary>The descriptors anyone can decode, by descriptor file: not those made for a real client
    /// (their "client_auth" holds its key; fake auth-client lines are only described) or expected to fail.</summary>
    public static TheoryData<string> PublicDescriptors() => new(PublicDescriptorFiles());

    private static IEnumerable<string> PublicDescriptorFiles() => Vectors.Descriptors()
        .Where(d => d.GetProperty("files").TryGetProperty("descriptor", out _) && d.TryGetProperty("blinded_public_key", out _)
            && !(d.TryGetProperty("client_auth", out var auth) && auth.ValueKind == System.Text.Json.JsonValueKind.Object)
            && !d.TryGetProperty("expect", out _))
        .Select(d => d.GetProperty("files").Str("descriptor"));

    [Fact]
    public void The_public_descriptors_are_stems_and_artis_hsdesc1()
    {
        Assert.Equal(["stem/hidden_service_v3", "arti/hsdesc1.txt"], PublicDescriptorFiles());
    }

    [Theory]
    [MemberData(nameof(PublicDescriptors))]
    public void Decodes_public_descriptors_to_the_expected_layers(string file)
    {
        var v = Vectors.Descriptor(file);
        var firstKey = Vectors.FileKey(v, "first_layer_plaintext");
        var secondKey = Vectors.FileKey(v, "second_layer_plaintext");
        var subKey = v.TryGetProperty("subcredential", out _) ? "subcredential" : "subcredential_derived";
        var r = HsDescriptorDecoder.Decode(Vectors.DescriptorFile(v, "descriptor"), v.Blinded("blinded_public_key"), v.Subcredential(subKey));
        Assert.True(r.IsSuccess, r.Error?.ToString());
        var d = r.Value;
        Assert.Equal((ulong)v.GetProperty("revision_counter").GetInt64(), d.RevisionCounter.Value);
        Assert.Equal(v.GetProperty("descriptor_lifetime_minutes").GetInt32(), d.LifetimeMinutes);
        Assert.Equal(v.Hex("descriptor_signing_key"), d.OuterLayer.SigningKey);
        Assert.Equal(DateTimeOffset.Parse(v.Str("signing_cert_expires_utc")), d.OuterLayer.SigningKeyCert.Expires);
        Assert.Equal(Vectors.DescriptorFile(v, firstKey), d.FirstLayerPlaintext);
        var second = Vectors.DescriptorFile(v, secondKey);
        // stem's inner-layer file omits the final newline it strips when comparing; compare text up to padding.
        Assert.Equal(System.Text.Encoding.ASCII.GetString(second).TrimEnd('\n'), System.Text.Encoding.ASCII.GetString(d.SecondLayerPlaintext).TrimEnd('\n', '\0'));
        Assert.False(d.UsedClientAuth);
        Assert.Equal(16, d.FirstLayer.AuthClients.Count);
    }

    [Fact]
    public void Arti_hsdesc1_intro_points_match()
    {
        var v = Vectors.Descriptor("arti/hsdesc1.txt");
        var d = HsDescriptorDecoder.Decode(Vectors.DescriptorFile(v, "descriptor"), v.Blinded("blinded_public_key"), v.Subcredential("subcredential"),
            now: DateTimeOffset.Parse("2023-01-24T03:00:00Z")).Value;
        Assert.Equal(v.GetProperty("intro_points").GetInt32(), d.IntroductionPoints.Count);
        Assert.Equal(v.Hex("first_intro_point_ntor_key"), d.IntroductionPoints[0].OnionKeyNtor);
        Assert.All(d.IntroductionPoints, ip =>
        {
            Assert.Contains(ip.LinkSpecifiers, l => l is LinkSpecifier.LegacyId);
            Assert.Contains(ip.LinkSpecifiers, l => l is LinkSpecifier.Ed25519Id);
            Assert.True(ip.EncKeyCertMatchesEncKey); // tor certifies the ed25519 form of its curve25519 enc-key
        });
        Assert.Equal([2], d.SecondLayer.Create2Formats);
    }

    [Fact]
    public void Expired_certificates_are_rejected_when_now_is_given()
    {
        var v = Vectors.Descriptor("arti/hsdesc1.txt");
        var r = HsDescriptorDecoder.Decode(Vectors.DescriptorFile(v, "descriptor"), v.Blinded("blinded_public_key"), v.Subcredential("subcredential"),
            now: DateTimeOffset.Parse("2023-01-27T00:00:00Z"));
        Assert.False(r.IsSuccess);
        Assert.Equal(DescriptorErrorKind.BadCertificate, r.Error!.Kind);
        Assert.Contains("expired", r.Error.Message);
    }

    [Fact]
    public void Stem_descriptor_second_layer_flags()
    {
        var v = Vectors.Descriptor("stem/hidden_service_v3");
        var d = HsDescriptorDecoder.Decode(Vectors.DescriptorFile(v, "descriptor"), v.Blinded("blinded_public_key"), v.Subcredential("subcredential_derived")).Value;
        Assert.True(d.SecondLayer.SingleOnionService);
        Assert.Equal(["ed25519"], d.SecondLayer.IntroAuthRequired);
        Assert.Equal(4, d.IntroductionPoints.Count);
        var ls = d.IntroductionPoints[0].LinkSpecifiers;
        Assert.Contains(ls, l => l is LinkSpecifier.IPv4 { Port: 9001 } v4 && v4.Address.ToString() == "1.2.3.4");
    }

    [Fact]
    public void Wrong_blinded_key_is_reported_as_such()
    {
        var v = Vectors.Descriptor("stem/hidden_service_v3");
        using var other = IdentitySecretKey.Generate();
        var wrong = other.PublicKey.Blind(new TimePeriod(v.GetProperty("time_period_num_derived").GetInt64()));
        var r = HsDescriptorDecoder.Decode(Vectors.DescriptorFile(v, "descriptor"), wrong, v.Subcredential("subcredential_derived"));
        Assert.Equal(DescriptorErrorKind.WrongBlindedKey, r.Error?.Kind);
    }

    [Fact]
    public void Wrong_subcredential_fails_the_first_layer_mac()
    {
        var v = Vectors.Descriptor("stem/hidden_service_v3");
        var flipped = v.Hex("subcredential_derived"); flipped[5] ^= 0x80;
        var r = HsDescriptorDecoder.Decode(Vectors.DescriptorFile(v, "descriptor"), v.Blinded("blinded_public_key"), Subcredential.FromBytes(flipped));
        Assert.Equal(DescriptorErrorKind.DecryptionFailed, r.Error?.Kind);
        Assert.Equal("first layer", r.Error!.Layer);
    }

    [Fact]
    public void Tor_bad_signature_vector_is_rejected_with_a_malformed_signature_error()
    {
        var r = OuterLayerDocument.Parse(Vectors.DescriptorFile(Vectors.Descriptor("tor/HS_DESC_BAD_SIG.txt"), "descriptor"));
        Assert.False(r.IsSuccess);
        Assert.Equal(DescriptorErrorKind.BadSignature, r.Error!.Kind);
        Assert.Contains("malformed signature line", r.Error.Message);
        Assert.True(r.Error.Line > 1);
    }

    [Fact]
    public void Pow_params_v1_parses()
    {
        var r = SecondLayerDocument.Parse(Vectors.DescriptorFile(Vectors.Descriptor("arti/hsdesc-inner-pow-v1.txt"), "inner_layer_only"), signingKey: null);
        Assert.True(r.IsSuccess, r.Error?.ToString());
        var pow = Assert.Single(r.Value.SecondLayer().PowParams);
        Assert.Equal("v1", pow.Type);
        Assert.Equal(614u, pow.SuggestedEffort);
        Assert.Equal(Convert.FromBase64String("FE6QHfCEGDOm6FkhkISbRBLzB9FWXy8TeypbwhoxCSo="), pow.Seed);
        Assert.Equal(new DateTimeOffset(2024, 4, 11, 5, 15, 37, TimeSpan.Zero), pow.Expiration);
        Assert.Equal("1-2", r.Value.FlowControlVersions);
        Assert.Equal(31, r.Value.FlowControlSendmeInc);
    }

    [Fact]
    public void Pow_params_without_arguments_is_rejected()
    {
        var r = SecondLayerDocument.Parse(Vectors.DescriptorFile(Vectors.Descriptor("arti/hsdesc-inner-pow-empty.txt"), "inner_layer_only"), signingKey: null);
        Assert.False(r.IsSuccess);
        Assert.Equal(DescriptorErrorKind.Malformed, r.Error!.Kind);
        Assert.Contains("pow-params", r.Error.Message);
        Assert.True(r.Error.Line > 0);
    }
}

internal static class SecondLayerTestExtensions
{
    public static SecondLayerDocument SecondLayer(this SecondLayerDocument d) => d;
}
