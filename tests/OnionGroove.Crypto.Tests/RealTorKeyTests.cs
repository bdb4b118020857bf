using System.Security.Cryptography;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Crypto.Tests;

/// <summary>The real tor (offline) loads HiddenServiceDirs we wrote and we read the ones it made.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public class RealTorKeyTests
{
    private static void AssertTorAgrees(IdentitySecretKey key)
    {
        using var tmp = new TempDir();
        var dir = tmp["hs"];
        TorKeyFiles.WriteHiddenServiceDir(dir, key);
        // tor rewrites hostname and the public key from the secret key; delete ours so that what
        // we compare is tor's own output.
        File.Delete(Path.Combine(dir, "hostname"));
        File.Delete(Path.Combine(dir, "hs_ed25519_public_key"));
        using var tor = OfflineTor.Start(dir);
        var hostname = tor.WaitForHostname();
        Assert.Equal(key.Address + "\n", hostname);
        WaitForFile(Path.Combine(dir, "hs_ed25519_public_key"));
        Assert.Equal(TorKeyFiles.FormatPublicKey(key.PublicKey), File.ReadAllBytes(Path.Combine(dir, "hs_ed25519_public_key")));
    }

    private static void WaitForFile(string path) =>
        Eventually.True(() => File.Exists(path) && new FileInfo(path).Length > 0, $"tor to write {path}", TimeSpan.FromSeconds(5),
            every: TimeSpan.FromMilliseconds(50));

    [Fact]
    public void TorLoadsASeedDerivedKey()
    {
        using var key = IdentitySecretKey.Generate();
        AssertTorAgrees(key);
    }

    [Fact]
    public void TorLoadsAnExpandedOnlyKey()
    {
        // tor's test_blinding_basics key: it has no seed, its prefix is ASCII text.
        var v = TorVectors.Load("ed25519_blinding.json").GetProperty("tor_blinding_basics").GetProperty("vector");
        using var key = IdentitySecretKey.FromExpanded(v.Hex("identity_expanded_secret_key"));
        Assert.Equal(v.Str("onion_address_derived"), key.Address.ToString());
        AssertTorAgrees(key);
    }

    [Fact]
    public void TorLoadsAVanityStyleKey()
    {
        // What a vanity search yields: a clamped random scalar plus 8·steps (still a multiple of
        // 8, no longer the clamped form of any seed) and a random prefix.
        var expanded = RandomNumberGenerator.GetBytes(64);
        expanded[0] &= 248;
        expanded[31] &= 63;
        expanded[31] |= 64;
        var scalar = new System.Numerics.BigInteger(expanded.AsSpan(0, 32), isUnsigned: true) + 8 * 123_456_789;
        scalar.TryWriteBytes(expanded.AsSpan(0, 32), out _, isUnsigned: true);
        using var key = IdentitySecretKey.FromExpanded(expanded);
        AssertTorAgrees(key);
    }

    [Fact]
    public void KeysTorGeneratesAreReadCorrectly()
    {
        using var tmp = new TempDir();
        var dir = tmp["hs"];
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string hostname;
        using (var tor = OfflineTor.Start(dir))
        {
            hostname = tor.WaitForHostname();
            WaitForFile(Path.Combine(dir, "hs_ed25519_public_key"));
        }
        var read = TorKeyFiles.ReadHiddenServiceDir(dir);
        Assert.True(read.IsSuccess, read.Error?.ToString());
        using var key = read.Value;
        Assert.Equal(hostname, key.Address + "\n");
        var pub = TorKeyFiles.ReadPublicKey(Path.Combine(dir, "hs_ed25519_public_key"));
        Assert.True(pub.IsSuccess, pub.Error?.ToString());
        Assert.Equal(key.PublicKey, pub.Value);
        // And the key tor made signs verifiably with our expanded-key signer.
        var message = "onion"u8.ToArray();
        Assert.True(Ed25519.Verify(key.PublicKey.AsSpan(), message, key.Sign(message)));
    }
}
