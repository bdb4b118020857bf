using OnionGroove.TestSupport;
using OnionGroove.Vault;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Deploy.Tests;

/// <summary>A real vault for tests: an identity made by the real age-keygen, keys made by our code.</summary>
public sealed record TestVault(TeamVault Vault, string IdentityFile)
{
    public IReadOnlyList<VaultIdentity> Identities => IdentityLookup.Load([IdentityFile], null, "/nonexistent", []);

    public static TestVault Create(string dir, params (string Site, int Backends)[] sites)
    {
        Directory.CreateDirectory(dir);
        var admin = TestKey.Age(dir, "admin");
        var vault = TeamVault.Init(Path.Combine(dir, "vault"), new TeamMember { Name = "admin", Recipient = admin.Recipient });
        foreach (var (site, n) in sites) SiteOperations.Add(vault, site, n);
        return new TestVault(vault, admin.File);
    }
}
