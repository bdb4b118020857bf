using System.Text;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Audit;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using OnionGroove.Crypto.Keys;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

public class ClientTests
{
    [Fact]
    public void Client_keys_are_auth_private_lines_that_age_opens_and_rotate_on_member_removal()
    {
        var (tmp, v, alice) = VaultTestKit.NewVault("ogk");
        using var _tmp = tmp;
        var bob = TestKey.Age(tmp.Path, "bob");
        TeamOperations.Add(v, "bob", bob.Recipient, alice.Identities);
        var site = SiteOperations.Add(v, "news", 1);
        var phone = ClientOperations.Add(v, "news", "phone");

        Assert.True(ClientAuthPublicKey.TryParseAuthFileLine(phone.PublicKey, out var pub, out var error), error);
        var (code, plain, err) = AgeDecrypt(v.FullPath(phone.Secret.Path), bob.File);
        Assert.True(code == 0, err);
        Assert.True(ClientAuthSecretKey.TryParseAuthPrivateLine(Encoding.ASCII.GetString(plain), out var service, out var secret, out error), error);
        using (secret)
        {
            Assert.Equal(site.Address, service.ToString());
            Assert.Equal(pub.ToAuthFileLine(), secret.PublicKey.ToAuthFileLine());
        }

        var removal = TeamOperations.Remove(v, "bob", alice.Identities, rotate: true);
        Assert.Contains("news/clients/phone", removal.Rotated);
        var rotated = v.Manifest.FindSite("news")!.Clients.Single();
        Assert.NotEqual(phone.PublicKey, rotated.PublicKey);
        Assert.NotEqual(0, AgeDecrypt(v.FullPath(rotated.Secret.Path), bob.File).ExitCode);

        // The audit looks for the client's secret line too, and the vault is clean.
        var report = VaultAuditor.Run(v, alice.Identities);
        Assert.True(report.Ok, string.Join("\n", report.Problems));

        var exported = VaultExport.Export(v, "news", tmp["out"], alice.Identities);
        Assert.Contains(exported, e => e.Secret == "news/clients/phone");
        Assert.Equal(rotated.PublicKey + "\n", File.ReadAllText(Path.Combine(tmp["out"], "frontend", "authorized_clients", "phone.auth")));
        var priv = Path.Combine(tmp["out"], "clients", "phone.auth_private");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(priv));
        Assert.StartsWith(site.Address[..56] + ":descriptor:x25519:", File.ReadAllText(priv));
    }
}
