using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Crypto.Tests;

/// <summary>The real tor reads the authorized_clients/*.auth lines we format.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public class RealTorClientAuthTests
{
    private const string TorRejects = "Client authorization";

    private static OfflineTor StartWithAuthFile(TempDir tmp, IdentitySecretKey service, string authLine)
    {
        var dir = tmp["hs"];
        TorKeyFiles.WriteHiddenServiceDir(dir, service);
        var clients = Path.Combine(dir, "authorized_clients");
        Directory.CreateDirectory(clients, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(clients, "alice.auth"), authLine + "\n");
        File.Delete(Path.Combine(dir, "hostname"));
        return OfflineTor.Start(dir);
    }

    [Fact]
    public void TorAcceptsOurAuthLine()
    {
        using var tmp = new TempDir();
        using var service = IdentitySecretKey.Generate();
        using var client = ClientAuthSecretKey.Generate();
        using var tor = StartWithAuthFile(tmp, service, client.PublicKey.ToAuthFileLine());
        Assert.Equal(service.Address + "\n", tor.WaitForHostname());
        // tor parses authorized_clients while loading the service, before hostname is written.
        Assert.False(tor.WaitForOutput(TorRejects, TimeSpan.FromSeconds(1)), tor.Output);
    }

    [Fact]
    public void TorRejectsALineWeAlsoReject()
    {
        // Negative control: proves the check above can fail. 51 base32 characters.
        var bad = "descriptor:x25519:" + new string('a', 51);
        Assert.False(ClientAuthPublicKey.TryParseAuthFileLine(bad, out _, out var error));
        Assert.Contains("52 base32 characters", error);
        using var tmp = new TempDir();
        using var service = IdentitySecretKey.Generate();
        using var tor = StartWithAuthFile(tmp, service, bad);
        Assert.True(tor.WaitForOutput(TorRejects), tor.Output);
    }
}
