using OnionGroove.Crypto;
using OnionGroove.Descriptors.Encryption;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>client_auth.json: tor's auth-client KAT and arti's hsdesc2 (a tor-made descriptor with client authorisation).</summary>
public class ClientAuthTests
{
    private static readonly System.Text.Json.JsonElement V = Vectors.Json("client_auth.json");

    [Fact]
    public void Tor_build_authorized_client_kat()
    {
        var k = V.GetProperty("tor_build_authorized_client_kat");
        using var eph = X25519SecretKey.FromBytes(k.Hex("service_ephemeral_x25519_secret_key"));
        using var cookie = DescriptorCookie.FromBytes(k.Hex("descriptor_cookie"));
        var line = DescriptorClientAuth.EncryptCookie(k.Subcredential("subcredential"), eph, X25519PublicKey.FromBytes(k.Hex("client_x25519_public_key")),
            cookie, k.Hex("iv"));
        Assert.Equal(k.Hex("expected_client_id"), line.ClientId);
        Assert.Equal(k.Hex("expected_encrypted_cookie"), line.EncryptedCookie);
    }

    private static (byte[] Doc, System.Text.Json.JsonElement V) Hsdesc2()
    {
        var d = Vectors.Descriptor("arti/hsdesc2.txt");
        return (Vectors.DescriptorFile(d, "descriptor"), d);
    }

    [Fact]
    public void Arti_hsdesc2_decrypts_with_the_auth_private_line()
    {
        var (doc, d) = Hsdesc2();
        var ca = d.GetProperty("client_auth");
        Assert.True(ClientAuthSecretKey.TryParseAuthPrivateLine(ca.Str("client_auth_private_line"), out var addr, out var key, out var err), err);
        using (key)
        {
            Assert.Equal(d.Str("onion_address"), addr.ToString());
            var period = new TimePeriod(d.GetProperty("time_period_num").GetInt64(), d.GetProperty("time_period_length_minutes").GetInt32());
            // From the address alone: our blinding and subcredential must equal the published ones for the cert to chain.
            var r = HsDescriptorDecoder.Decode(doc, addr, period, key);
            Assert.True(r.IsSuccess, r.Error?.ToString());
            Assert.True(r.Value.UsedClientAuth);
            Assert.Equal(Vectors.DescriptorFile(d, "second_layer_plaintext"), r.Value.SecondLayerPlaintext);
            Assert.Equal(Vectors.DescriptorFile(d, "first_layer_plaintext"), r.Value.FirstLayerPlaintext);
            Assert.Equal(d.GetProperty("intro_points").GetInt32(), r.Value.IntroductionPoints.Count);
            Assert.Equal(d.Hex("blinded_public_key"), addr.PublicKey.Blind(period).AsSpan().ToArray());
        }
    }

    [Fact]
    public void Arti_hsdesc2_without_a_client_key_fails_in_the_second_layer()
    {
        var (doc, d) = Hsdesc2();
        var r = HsDescriptorDecoder.Decode(doc, d.Blinded("blinded_public_key"), d.Subcredential("subcredential"));
        Assert.False(r.IsSuccess);
        Assert.Equal(DescriptorErrorKind.DecryptionFailed, r.Error!.Kind);
        Assert.Equal("second layer", r.Error.Layer);
        Assert.Contains("client authorisation", r.Error.Message);
    }

    [Fact]
    public void Arti_hsdesc2_with_another_client_key_says_no_line_matches()
    {
        var (doc, d) = Hsdesc2();
        using var other = ClientAuthSecretKey.Generate();
        var r = HsDescriptorDecoder.Decode(doc, d.Blinded("blinded_public_key"), d.Subcredential("subcredential"), other);
        Assert.Equal(DescriptorErrorKind.DecryptionFailed, r.Error?.Kind);
        Assert.Contains("no auth-client line", r.Error!.Message);
    }
}
