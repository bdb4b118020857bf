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
        var identity = Path.Combine(dir, "admin.agekey");
        var r = ExternalProgram.Run("age-keygen", ["-o", identity]);
        Assert.True(r.ExitCode == 0, "age-keygen: " + r.Stderr);
        var recipient = File.ReadLines(identity).First(l => l.StartsWith("# public key: ", StringComparison.Ordinal))["# public key: ".Length..].Trim();
        var vault = TeamVault.Init(Path.Combine(dir, "vault"), new TeamMember { Name = "admin", Recipient = recipient });
        foreach (var (site, n) in sites) SiteOperations.Add(vault, site, n);
        return new TestVault(vault, identity);
    }
}
