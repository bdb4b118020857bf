using System.Text.Json;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>Client authorization keys and their file lines (tests/vectors/tor/client_auth.json).</summary>
public class ClientAuthTests
{
    private static readonly JsonElement V = TorVectors.Load("client_auth.json");

    [Fact]
    public void TorBuildAuthorizedClientSharedSecret()
    {
        var kat = V.GetProperty("tor_build_authorized_client_kat");
        using var service = X25519SecretKey.FromBytes(kat.Hex("service_ephemeral_x25519_secret_key"));
        Assert.Equal(kat.Str("service_ephemeral_x25519_public_key_derived"), Convert.ToHexStringLower(service.PublicKey.AsSpan()));
        var shared = service.Agree(X25519PublicKey.FromBytes(kat.Hex("client_x25519_public_key")));
        Assert.Equal(kat.Str("x25519_shared_secret_derived"), Convert.ToHexStringLower(shared));
    }

    [Fact]
    public void ArtiHsdesc2ClientKeysAndLines()
    {
        var arti = V.GetProperty("arti_hsdesc2_full_descriptor");
        Assert.True(ClientAuthSecretKey.TryParseAuthPrivateLine(arti.Str("client_auth_private_line"), out var service, out var key, out var error), error);
        using (key)
        {
            Assert.Equal("paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad.onion", service.ToString());
            Assert.Equal(arti.Str("client_x25519_public_key"), Convert.ToHexStringLower(key.PublicKey.Key.AsSpan()));
            var shared = key.Agree(X25519PublicKey.FromBytes(arti.Hex("desc_auth_ephemeral_key")));
            Assert.Equal(arti.Str("x25519_shared_secret_derived"), Convert.ToHexStringLower(shared));
            // arti writes the key in upper case; tor reads base32 case-insensitively and writes lower case.
            Assert.Equal(arti.Str("client_auth_private_line"), key.ExportAuthPrivateLine(service), ignoreCase: true);
            Assert.Equal(arti.Str("service_authorized_clients_line").ToLowerInvariant(), key.PublicKey.ToAuthFileLine());
        }
        Assert.True(ClientAuthPublicKey.TryParseAuthFileLine(arti.Str("service_authorized_clients_line"), out var pub, out error), error);
        Assert.Equal(arti.Str("client_x25519_public_key"), Convert.ToHexStringLower(pub.Key.AsSpan()));
    }

    [Fact]
    public void TheAuthPrivateFileTorWroteIsReproduced()
    {
        foreach (var sample in TorVectors.Load("generated/make_keys_samples.json").GetProperty("samples").EnumerateArray())
        {
            var auth = sample.GetProperty("client_auth_sample");
            using var key = new ClientAuthSecretKey(X25519SecretKey.FromBytes(auth.Hex("x25519_secret_key")));
            Assert.Equal(auth.Str("x25519_public_key"), Convert.ToHexStringLower(key.PublicKey.Key.AsSpan()));
            Assert.Equal(auth.Str("secret_base32"), key.ExportBase32());
            Assert.Equal(auth.Str("public_base32"), key.PublicKey.ToBase32());
            var tor = sample.GetProperty("real_tor");
            var address = OnionAddress.Parse(tor.Str("onion_address"));
            Assert.Equal(tor.GetProperty("client_auth_private_file").Str("content"), key.ExportAuthPrivateLine(address));
            Assert.Equal(tor.GetProperty("service_authorized_clients_file").Str("content"), key.PublicKey.ToAuthFileLine() + "\n");
        }
    }

    [Fact]
    public void ValidLinesParse()
    {
        var priv = V.GetProperty("client_auth_private_file_lines");
        foreach (var line in priv.GetProperty("valid").EnumerateArray().Select(e => e.GetString()!))
        {
            Assert.True(ClientAuthSecretKey.TryParseAuthPrivateLine(line, out var service, out var key, out var error), error);
            using (key) Assert.Equal(line, key.ExportAuthPrivateLine(service));
        }
        foreach (var line in V.GetProperty("service_authorized_clients_file_lines").GetProperty("valid").EnumerateArray().Select(e => e.GetString()!))
        {
            Assert.True(ClientAuthPublicKey.TryParseAuthFileLine(line, out var key, out var error), error);
            Assert.Equal(line, key.ToAuthFileLine());
        }
        foreach (var pair in V.GetProperty("control_port_base64_to_file_base32").GetProperty("pairs").EnumerateArray())
        {
            using var key = new ClientAuthSecretKey(X25519SecretKey.FromBytes(Convert.FromBase64String(pair.Str("base64"))));
            Assert.Equal(pair.Str("file_content"), key.ExportAuthPrivateLine(OnionAddress.Parse(pair.Str("onion_address"))));
        }
    }

    [Fact]
    public void InvalidAuthPrivateLinesAreRefusedWithTheReason()
    {
        var expected = new Dictionary<string, string>
        {
            ["wrong number of fields"] = "expected 4",
            ["wrong auth type"] = "unsupported auth type",
            ["wrong key type"] = "unsupported key type",
            ["malformed"] = "52 base32 characters",
            ["key too long (53 base32 chars)"] = "got 53",
            ["all-zero key rejected"] = "all zeros",
        };
        foreach (var bad in V.GetProperty("client_auth_private_file_lines").GetProperty("invalid").EnumerateArray())
        {
            var why = bad.Str("why");
            Assert.False(ClientAuthSecretKey.TryParseAuthPrivateLine(bad.Str("line"), out _, out var key, out var error), why);
            Assert.Null(key);
            if (expected.TryGetValue(why, out var words)) Assert.Contains(words, error);
        }
    }

    [Fact]
    public void InvalidAuthLinesAreRefused()
    {
        foreach (var line in V.GetProperty("service_authorized_clients_file_lines").GetProperty("invalid").EnumerateArray().Select(e => e.GetString()!))
        {
            Assert.False(ClientAuthPublicKey.TryParseAuthFileLine(line, out var key, out var error), line);
            Assert.Null(key);
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void SecretsDoNotLeakThroughToStringOrErrors()
    {
        using var key = ClientAuthSecretKey.Generate();
        var secret = key.ExportBase32();
        Assert.DoesNotContain(secret, key.ToString());
        Assert.DoesNotContain(secret, key.Key.ToString());
        var line = $"notanaddress:descriptor:x25519:{secret}";
        Assert.False(ClientAuthSecretKey.TryParseAuthPrivateLine(line, out _, out _, out var error));
        Assert.DoesNotContain(secret, error);
    }

    [Fact]
    public void LowOrderPeerKeysAreRefused()
    {
        using var key = X25519SecretKey.Generate();
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => key.Agree(X25519PublicKey.FromBytes(new byte[32])));
        Assert.False(key.TryAgree(X25519PublicKey.FromBytes(new byte[32]), new byte[32]));
    }
}
