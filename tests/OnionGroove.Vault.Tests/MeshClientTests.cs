using System.Text;
using OnionGroove.Crypto.Keys;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Audit;
using OnionGroove.Vault.Operations;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

/// <summary>The team's mesh client keys (issue 14 item 3): sealed to the team with age like every
/// secret, checked and searched for by `audit`, re-sealed and rotated when a member leaves.</summary>
public class MeshClientTests
{
    [Fact]
    public void A_mesh_client_key_is_sealed_to_the_team_opens_with_age_and_matches_the_manifest()
    {
        var (tmp, v, alice) = NewVault("ogm");
        using var _tmp = tmp;
        var bob = TestKey.Age(tmp.Path, "bob");
        TeamOperations.Add(v, "bob", bob.Recipient, alice.Identities);
        var admins = MeshClientOperations.Add(v, "admins");

        Assert.Equal("secrets/_mesh/admins.age", admins.Secret.Path);
        Assert.Equal(["alice", "bob"], admins.Secret.SealedTo);
        var (code, plain, err) = AgeDecrypt(v.FullPath(admins.Secret.Path), bob.File);
        Assert.True(code == 0, err);
        Assert.True(ClientAuthSecretKey.TryFromBase32(Encoding.ASCII.GetString(plain).Trim(), out var fromAge, out var error), error);
        using (fromAge)
        using (var opened = MeshClientOperations.OpenKey(v, "admins", alice.Identities))
        {
            Assert.Equal(admins.PublicKey, fromAge.PublicKey.ToBase32());
            Assert.Equal(admins.PublicKey, opened.PublicKey.ToBase32());
        }
        var audit = VaultAuditor.Run(v, alice.Identities);
        Assert.True(audit.Ok, string.Join("\n", audit.Problems));
        Assert.Contains(audit.Secrets, s => s.Secret == "mesh-clients/admins");

        // Names are checked, duplicates refused, and the manifest round-trips the new section.
        Assert.Equal(VaultErrorKind.Usage, Assert.Throws<VaultException>(() => MeshClientOperations.Add(v, "admins")).Kind);
        Assert.Equal(VaultErrorKind.Usage, Assert.Throws<VaultException>(() => MeshClientOperations.Add(v, "Bad Name")).Kind);
        Assert.Equal(admins.PublicKey, TeamVault.Open(v.Root).Manifest.MeshClients.Single().PublicKey);
    }

    [Fact]
    public void Audit_finds_a_swapped_mesh_key_and_a_leaked_one_and_removal_rotates_it()
    {
        var (tmp, v, alice) = NewVault("ogm");
        using var _tmp = tmp;
        var bob = TestKey.Age(tmp.Path, "bob");
        TeamOperations.Add(v, "bob", bob.Recipient, alice.Identities);
        var a = MeshClientOperations.Add(v, "admins");
        var b = MeshClientOperations.Add(v, "ci");

        // A token pasted into the vault's tree holds the key's base32: the audit finds it.
        string secretText;
        using (var key = MeshClientOperations.OpenKey(v, "ci", alice.Identities)) secretText = key.ExportBase32();
        File.WriteAllText(Path.Combine(v.Root, "notes.txt"), $"token: oniongroove-mesh1:xyz:{secretText}:check\n");
        var leaked = VaultAuditor.Run(v, alice.Identities);
        Assert.Contains(leaked.Problems, p => p.Kind == AuditProblemKinds.PlaintextInWorkingTree && p.Where == "notes.txt");
        File.Delete(Path.Combine(v.Root, "notes.txt"));

        // ci's file under admins' name: the decrypted key is not the one the manifest records.
        File.Copy(v.FullPath(b.Secret.Path), v.FullPath(a.Secret.Path), overwrite: true);
        var swapped = VaultAuditor.Run(v, alice.Identities);
        Assert.Contains(swapped.Problems, p => p.Kind == AuditProblemKinds.WrongSecret && p.Message.StartsWith("mesh-clients/admins:", StringComparison.Ordinal));
        IsolatedGit.Ok(v.Root, "checkout", "--", a.Secret.Path);

        // bob leaves: the mesh keys he could read are re-sealed without him and rotated on request.
        var removal = TeamOperations.Remove(v, "bob", alice.Identities, rotate: true);
        Assert.Contains("mesh-clients/admins", removal.Rotated);
        var rotated = v.Manifest.MeshClients.Single(c => c.Name == "admins");
        Assert.NotEqual(a.PublicKey, rotated.PublicKey);
        Assert.Equal(["alice"], rotated.Secret.SealedTo);
        Assert.NotEqual(0, AgeDecrypt(v.FullPath(rotated.Secret.Path), bob.File).ExitCode);
        var after = VaultAuditor.Run(v, alice.Identities);
        Assert.True(after.Ok, string.Join("\n", after.Problems));
    }
}
