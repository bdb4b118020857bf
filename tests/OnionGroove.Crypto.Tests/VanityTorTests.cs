using OnionGroove.Crypto.Vanity;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>The real tor accepts a vanity key (which exists only in expanded form) and derives the same address.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public class VanityTorTests
{
    [Fact]
    public void Tor_loads_a_vanity_key_and_derives_the_same_address()
    {
        var result = VanitySearch.Run(new VanityOptions { Prefixes = [VanityPrefix.Parse("og").Value], Count = 1, Threads = 2 });
        using var key = Assert.Single(result.Matches).Key;
        Assert.StartsWith("og", key.Address.ServiceId);

        AssertTorDerivesTheAddress(key);
    }

    /// <summary>Gives tor only the secret key, so the hostname it writes is its own derivation.</summary>
    private static void AssertTorDerivesTheAddress(IdentitySecretKey key)
    {
        using var dir = new TempDir("ogvan");
        var hs = dir["hs"];
        TorKeyFiles.WriteHiddenServiceDir(hs, key);
        File.Delete(Path.Combine(hs, TorKeyFiles.HostnameFileName));
        File.Delete(Path.Combine(hs, TorKeyFiles.PublicKeyFileName));

        using var tor = OfflineTor.Start(hs);
        var hostname = tor.WaitForHostname(TimeSpan.FromSeconds(45));
        Assert.Equal(key.Address.ToString() + "\n", hostname);
        Assert.StartsWith("og", hostname);
    }

    /// <summary>Split-key search end to end: the search sees only the public key, the holder
    /// applies the offset, and tor derives the address the search printed from the new secret key.</summary>
    [Fact]
    public void Tor_loads_a_key_made_from_a_split_key_offset()
    {
        using var original = IdentitySecretKey.Generate();
        var result = VanitySearch.RunFrom(original.PublicKey, new VanityOptions { Prefixes = [VanityPrefix.Parse("og").Value], Count = 1, Threads = 2 });
        var match = Assert.Single(result.Matches);
        using var derived = match.Offset.ApplyTo(original);
        Assert.Equal(match.Address, derived.Address);
        AssertTorDerivesTheAddress(derived);
    }
}
