using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Crypto.Tests;

/// <summary>tor's HiddenServiceDir files against the samples the real tor wrote (generated/).</summary>
public class TorKeyFileTests
{
    public static TheoryData<string> Samples => new()
    {
        "sample1_rfc8032_test1_seed", "sample2_tor_blinding_basics_expanded", "sample3_onionbalance_keyfile",
    };

    private static byte[] Sample(string name, string file) => File.ReadAllBytes(SharedFiles.TorVector("generated", $"{name}.{file}"));

    [Theory]
    [MemberData(nameof(Samples))]
    public void ReadsTorsFilesAndWritesThemByteForByte(string name)
    {
        var secretFile = Sample(name, "hs_ed25519_secret_key");
        var publicFile = Sample(name, "hs_ed25519_public_key");
        var hostname = System.Text.Encoding.ASCII.GetString(Sample(name, "hostname"));

        var parsed = TorKeyFiles.ParseSecretKey(secretFile);
        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        using var key = parsed.Value;
        Assert.Equal(hostname, TorKeyFiles.FormatHostname(key.Address));
        Assert.Equal(secretFile, TorKeyFiles.FormatSecretKey(key));
        Assert.Equal(publicFile, TorKeyFiles.FormatPublicKey(key.PublicKey));

        var pub = TorKeyFiles.ParsePublicKey(publicFile);
        Assert.True(pub.IsSuccess, pub.Error?.ToString());
        Assert.Equal(key.PublicKey, pub.Value);
    }

    [Fact]
    public void WritesAHiddenServiceDirWithTorsModesAndBytes()
    {
        using var tmp = new TempDir();
        var dir = tmp["nested/hs"];
        using var key = IdentitySecretKey.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        TorKeyFiles.WriteHiddenServiceDir(dir, key);

        Assert.Equal(Sample("sample1_rfc8032_test1_seed", "hs_ed25519_secret_key"), File.ReadAllBytes(Path.Combine(dir, "hs_ed25519_secret_key")));
        Assert.Equal(Sample("sample1_rfc8032_test1_seed", "hs_ed25519_public_key"), File.ReadAllBytes(Path.Combine(dir, "hs_ed25519_public_key")));
        Assert.Equal(Sample("sample1_rfc8032_test1_seed", "hostname"), File.ReadAllBytes(Path.Combine(dir, "hostname")));
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        foreach (var f in new[] { "hs_ed25519_secret_key", "hs_ed25519_public_key", "hostname" })
            Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(dir, f)));
        Assert.Equal(3, Directory.GetFiles(dir).Length); // no temporary files left behind

        var back = TorKeyFiles.ReadHiddenServiceDir(dir);
        Assert.True(back.IsSuccess, back.Error?.ToString());
        using (back.Value) Assert.True(back.Value.SecretEquals(key));
    }

    [Fact]
    public void RefusesToOverwriteAnExistingKeyAndChangesNothing()
    {
        using var tmp = new TempDir();
        var dir = tmp["hs"];
        using var first = IdentitySecretKey.Generate();
        using var second = IdentitySecretKey.Generate();
        TorKeyFiles.WriteHiddenServiceDir(dir, first);
        var before = Directory.GetFiles(dir).OrderBy(f => f).Select(File.ReadAllBytes).ToList();

        var e = Assert.Throws<IOException>(() => TorKeyFiles.WriteHiddenServiceDir(dir, second));
        Assert.Contains("already contains", e.Message);
        Assert.Equal(before, Directory.GetFiles(dir).OrderBy(f => f).Select(File.ReadAllBytes).ToList());

        // Only a stray hostname (e.g. a half-restored backup) is also a refusal: no key is added.
        var other = tmp["other"];
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "hostname"), "x\n");
        Assert.Throws<IOException>(() => TorKeyFiles.WriteHiddenServiceDir(other, second));
        Assert.False(File.Exists(Path.Combine(other, "hs_ed25519_secret_key")));
    }

    public static TheoryData<string, byte[], string> BadSecretFiles()
    {
        var good = Sample("sample1_rfc8032_test1_seed", "hs_ed25519_secret_key");
        var pub = Sample("sample1_rfc8032_test1_seed", "hs_ed25519_public_key");
        var wrongTag = (byte[])good.Clone();
        "== ed25519v1-secret: type1 =="u8.CopyTo(wrongTag);
        var garbledHeader = (byte[])good.Clone();
        garbledHeader[5] ^= 0x20;
        var zeroScalar = (byte[])good.Clone();
        Array.Clear(zeroScalar, 32, 32);
        return new()
        {
            { "empty", [], "empty" },
            { "truncated in the key", good[..95], "truncated: 95 bytes" },
            { "header only", good[..32], "truncated: 32 bytes" },
            { "truncated in the header", good[..10], "truncated: 10 bytes" },
            { "trailing byte", [.. good, 0x0a], "1 unexpected bytes after the key" },
            { "public key file", pub, "this is a public key file" },
            { "other tag", wrongTag, "wrong header \"== ed25519v1-secret: type1 ==\"" },
            { "garbled header", garbledHeader, "wrong header" },
            { "not a key file", "hello world, this is not a key file at all......................................................"u8.ToArray(), "not a tor secret key file" },
            { "zero scalar", zeroScalar, "secret scalar is zero" },
        };
    }

    [Theory]
    [MemberData(nameof(BadSecretFiles))]
    public void BadSecretKeyFilesAreRefusedWithTheReason(string what, byte[] bytes, string expected)
    {
        var result = TorKeyFiles.ParseSecretKey(bytes);
        Assert.False(result.IsSuccess, what);
        Assert.Contains(expected, result.Error!.ToString());
    }

    [Fact]
    public void BadPublicKeyFilesAreRefusedWithTheReason()
    {
        var good = Sample("sample1_rfc8032_test1_seed", "hs_ed25519_public_key");
        Assert.Contains("truncated: 63 bytes", TorKeyFiles.ParsePublicKey(good[..63]).Error!.ToString());
        Assert.Contains("this is a secret key file", TorKeyFiles.ParsePublicKey(Sample("sample1_rfc8032_test1_seed", "hs_ed25519_secret_key")).Error!.ToString());
        var offCurve = (byte[])good.Clone();
        Convert.FromHexString("e19c65de75c68cf3b7643ea732ba9eb1a3d20d6d57ba223c2ece1df66feb5af0").CopyTo(offCurve, 32);
        Assert.Contains("not a point on the curve", TorKeyFiles.ParsePublicKey(offCurve).Error!.ToString());
    }

    [Fact]
    public void ReadingADirectoryChecksThatItsFilesAgree()
    {
        using var tmp = new TempDir();
        using var a = IdentitySecretKey.Generate();
        using var b = IdentitySecretKey.Generate();
        var dir = tmp["hs"];
        TorKeyFiles.WriteHiddenServiceDir(dir, a);

        File.WriteAllBytes(Path.Combine(dir, "hs_ed25519_public_key"), TorKeyFiles.FormatPublicKey(b.PublicKey));
        var mismatch = TorKeyFiles.ReadHiddenServiceDir(dir);
        Assert.False(mismatch.IsSuccess);
        Assert.Contains("hs_ed25519_public_key", mismatch.Error!.ToString());
        Assert.Contains("does not match", mismatch.Error!.ToString());

        File.WriteAllBytes(Path.Combine(dir, "hs_ed25519_public_key"), TorKeyFiles.FormatPublicKey(a.PublicKey));
        File.WriteAllText(Path.Combine(dir, "hostname"), TorKeyFiles.FormatHostname(b.Address));
        var hostMismatch = TorKeyFiles.ReadHiddenServiceDir(dir);
        Assert.False(hostMismatch.IsSuccess);
        Assert.Contains("hostname", hostMismatch.Error!.ToString());
        Assert.Contains(b.Address.ToString(), hostMismatch.Error!.ToString());

        Assert.Contains("no such file", TorKeyFiles.ReadSecretKey(tmp["missing"]).Error!.ToString());
        Assert.Contains("no such directory", TorKeyFiles.ReadHiddenServiceDir(tmp["missing"]).Error!.ToString());
    }

    [Fact]
    public void ErrorsNeverContainSecretBytes()
    {
        var good = Sample("sample1_rfc8032_test1_seed", "hs_ed25519_secret_key");
        var secretHex = Convert.ToHexStringLower(good.AsSpan(32));
        foreach (var bytes in new[] { good[..95], [.. good, 1], good[1..] })
        {
            var error = TorKeyFiles.ParseSecretKey(bytes).Error!.ToString();
            Assert.DoesNotContain(secretHex[..16], error, StringComparison.OrdinalIgnoreCase);
        }
        using var key = TorKeyFiles.ParseSecretKey(good).Value;
        Assert.DoesNotContain(secretHex[..16], key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(key.Address.ToString(), key.ToString());
    }
}
