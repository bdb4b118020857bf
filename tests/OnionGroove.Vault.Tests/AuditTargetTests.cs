using OnionGroove.TestSupport;
using OnionGroove.Vault.Audit;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Vault.Tests;

/// <summary>What `audit` runs on: the vault, or, when its manifest does not parse, a report of that.</summary>
public sealed class AuditTargetTests
{
    [Fact]
    public void A_readable_vault_opens()
    {
        using var tmp = new TempDir("ogat");
        TeamVault.Init(tmp["vault"], null);
        var target = AuditTarget.Open(Path.Combine(tmp["vault"], "secrets"));
        Assert.True(target.IsSuccess);
        Assert.Equal(Path.GetFullPath(tmp["vault"]), Path.GetFullPath(target.Value.Root));
    }

    [Fact]
    public void An_unparsable_manifest_is_the_audit_s_finding()
    {
        using var tmp = new TempDir("ogat");
        TeamVault.Init(tmp["vault"], null);
        File.WriteAllText(Path.Combine(tmp["vault"], ManifestFile.FileName), "version: 1\nteam: [\n");
        var target = AuditTarget.Open(tmp["vault"]);
        Assert.False(target.IsSuccess);
        Assert.False(target.Error!.Ok);
        Assert.Contains(target.Error.Problems, p => p.Kind == AuditProblemKinds.ManifestInvalid);
    }

    [Fact]
    public void No_vault_at_all_still_fails_to_open()
    {
        using var tmp = new TempDir("ogat");
        Assert.Throws<VaultException>(() => AuditTarget.Open(tmp.Path));
    }
}
