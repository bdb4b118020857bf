using OnionGroove.Crypto.Vanity;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Files;

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

        using var dir = new TempDir("ogvan");
        var hs = dir["hs"];
        TorKeyFiles.WriteHiddenServiceDir(hs, key);
        // Leave tor only the secret key, so the hostname it writes is its own derivation.
        File.Delete(Path.Combine(hs, TorKeyFiles.HostnameFileName));
        File.Delete(Path.Combine(hs, TorKeyFiles.PublicKeyFileName));

        using var tor = OfflineTor.Start(hs);
        var hostname = tor.WaitForHostname(TimeSpan.FromSeconds(45));
        Assert.Equal(key.Address.ToString() + "\n", hostname);
        Assert.StartsWith("og", hostname);
    }
}
