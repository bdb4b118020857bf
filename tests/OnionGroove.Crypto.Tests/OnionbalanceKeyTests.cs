using System.Security.Cryptography;
using System.Text.Json;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Crypto.Tests;

/// <summary>Onionbalance's key files, against python-cryptography and stem (the real peers).</summary>
public class OnionbalanceKeyTests
{
    [Fact]
    public void ReadsThePemOnionbalanceWrites()
    {
        // Written exactly as onionbalance's config generator does; the address computed by stem.
        var script = """
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
            from cryptography.hazmat.primitives import serialization
            from stem.descriptor.hidden_service import HiddenServiceDescriptorV3
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(encoding=serialization.Encoding.PEM, format=serialization.PrivateFormat.PKCS8,
                                    encryption_algorithm=serialization.NoEncryption())
            print(HiddenServiceDescriptorV3.address_from_identity_key(key.public_key()))
            print(pem.decode(), end="")
            """;
        var result = ExternalProgram.Run("/usr/bin/python3", ["-c", script]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', 2);
        var parsed = TorKeyFiles.ParseOnionbalancePem(lines[1]);
        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        using var key = parsed.Value;
        Assert.Equal(lines[0].Trim(), key.Address.ToString());

        using var tmp = new TempDir();
        File.WriteAllText(tmp["key.pem"], lines[1]);
        var read = TorKeyFiles.ReadOnionbalanceKey(tmp["key.pem"]);
        Assert.True(read.IsSuccess, read.Error?.ToString());
        using (read.Value) Assert.Equal(key.PublicKey, read.Value.PublicKey);
    }

    /// <summary>The valid addresses whose vector carries tor's hs_ed25519_secret_key file.</summary>
    public static TheoryData<string> WithTorKeyFile() => new(ValidAddresses().Where(v => v.TryGetProperty("hs_ed25519_secret_key_file_hex", out _)).Select(v => v.Str("onion_address")));

    private static IEnumerable<JsonElement> ValidAddresses() => TorVectors.Load("onion_addresses.json").GetProperty("valid").EnumerateArray();

    [Theory]
    [MemberData(nameof(WithTorKeyFile))]
    public void ReadsTheTorFormatOnionbalanceAlsoAccepts(string address)
    {
        var v = ValidAddresses().Single(v => v.Str("onion_address") == address);
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp["key"], v.Hex("hs_ed25519_secret_key_file_hex"));
        var read = TorKeyFiles.ReadOnionbalanceKey(tmp["key"]);
        Assert.True(read.IsSuccess, read.Error?.ToString());
        using (read.Value) Assert.Equal(v.Str("onion_address"), read.Value.Address.ToString());
    }

    [Fact]
    public void OurPemFormIsTheSame()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var pem = OnionbalanceKeyFile.FormatPem(seed);
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----"))));
        Assert.Equal(48, der.Length);
        using var key = TorKeyFiles.ParseOnionbalancePem(pem).Value;
        using var expected = IdentitySecretKey.FromSeed(seed);
        Assert.Equal(expected.PublicKey, key.PublicKey);
    }

    [Fact]
    public void BadPemFilesAreRefusedWithTheReason()
    {
        using var rsa = RSA.Create(1024);
        Assert.Contains("not an Ed25519 key", TorKeyFiles.ParseOnionbalancePem(rsa.ExportPkcs8PrivateKeyPem()).Error!.ToString());
        Assert.Contains("unexpected PEM block \"PUBLIC KEY\"", TorKeyFiles.ParseOnionbalancePem(rsa.ExportSubjectPublicKeyInfoPem()).Error!.ToString());
        Assert.Contains("encrypted", TorKeyFiles.ParseOnionbalancePem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n").Error!.ToString());
        Assert.Contains("no PEM block", TorKeyFiles.ParseOnionbalancePem("hello").Error!.ToString());
        var truncated = OnionbalanceKeyFile.FormatPem(new byte[32]).Replace("-----END PRIVATE KEY-----", "");
        Assert.False(TorKeyFiles.ParseOnionbalancePem(truncated).IsSuccess);
    }
}
