using OnionGroove.TestSupport;
using OnionGroove.Vault.Audit;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using OnionGroove.Vault.Sealing;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

/// <summary>What audit must catch beyond the secrets' contents: files the auditor should be able
/// to open but cannot, recipients nothing can be sealed to, and duplicate keys in the manifest.</summary>
public class AuditManifestTests
{
    private static (TempDir, TeamVault, TestKey, TestKey) NewVault()
    {
        var (tmp, v, alice) = VaultTestKit.NewVault("ogv");
        var bob = TestKey.Ssh(tmp.Path, "bob");
        TeamOperations.Add(v, "bob", bob.Recipient, []);
        SiteOperations.Add(v, "news", 1);
        return (tmp, v, alice, bob);
    }

    private static void EditManifest(TeamVault v, Func<string, string> edit)
    {
        var path = Path.Combine(v.Root, ManifestFile.FileName);
        File.WriteAllText(path, edit(File.ReadAllText(path)));
        IsolatedGit.Ok(v.Root, "commit", "-q", "-a", "-m", "edit manifest");
    }

    [Fact]
    public void A_secret_the_auditor_should_open_but_cannot_is_a_problem()
    {
        var (tmp, v, alice, bob) = NewVault();
        using var _ = tmp;
        var entry = v.Manifest.AllSecrets().First();
        var plain = v.DecryptSecretBytes(entry, alice.Identities);
        // Re-encrypted outside oniongroove to bob alone; the manifest still says alice and bob.
        File.WriteAllBytes(v.FullPath(entry.Secret.Path), SecretSealer.Seal(plain, [v.Manifest.FindMember("bob")!]));
        IsolatedGit.Ok(v.Root, "commit", "-q", "-a", "-m", "reseal to bob only");

        var report = VaultAuditor.Run(v, alice.Identities);
        var p = Assert.Single(report.Problems, p => p.Kind == AuditProblemKinds.Undecryptable);
        Assert.Contains("news/frontend", p.Message);
        Assert.Contains("alice", p.Message);
        // Bob can open it: for him it is fine (the count mismatch is reported separately).
        Assert.DoesNotContain(VaultAuditor.Run(v, bob.Identities).Problems, p => p.Kind == AuditProblemKinds.Undecryptable);
    }

    [Fact]
    public void A_garbage_recipient_is_a_problem()
    {
        var (tmp, v, alice, _) = NewVault();
        using var _t = tmp;
        EditManifest(v, t => t.Replace("sites:", "- name: mallory\n  recipient: age1notarecipient\nsites:"));
        v.Reload();
        var report = VaultAuditor.Run(v, alice.Identities);
        var p = Assert.Single(report.Problems, p => p.Kind == AuditProblemKinds.BadRecipient);
        Assert.Contains("mallory", p.Message);
    }

    [Fact]
    public void A_duplicate_key_in_the_manifest_is_a_problem_whichever_value_the_parser_keeps()
    {
        var (tmp, v, alice, _) = NewVault();
        using var _t = tmp;
        var mallory = TestKey.Age(tmp.Path, "mallory");
        // An added `recipient:` line under alice: with last-one-wins, mallory silently reads as alice.
        EditManifest(v, t => t.Replace($"  recipient: {alice.Recipient}\n", $"  recipient: {alice.Recipient}\n  recipient: {mallory.Recipient}\n"));
        var findings = ManifestLint.DuplicateKeys(File.ReadAllText(Path.Combine(v.Root, ManifestFile.FileName)));
        var f = Assert.Single(findings);
        Assert.Contains("'recipient'", f.Message);
        Assert.Equal(7, f.Line); // 2 comment lines, version, team, name, recipient, recipient

        var report = VaultAuditor.RunOnUnreadableManifest(v.Root, "any parse error");
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKinds.DuplicateKey);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKinds.ManifestInvalid);
    }

    [Fact]
    public void The_lint_accepts_what_oniongroove_writes_and_sees_duplicates_at_every_depth()
    {
        var (tmp, v, _, _) = NewVault();
        using var _t = tmp;
        Assert.Empty(ManifestLint.DuplicateKeys(File.ReadAllText(Path.Combine(v.Root, ManifestFile.FileName))));
        Assert.Equal(2, ManifestLint.DuplicateKeys("version: 1\nversion: 2\nsites:\n- name: a\n  frontend: {path: x, path: y}\n").Count);
        Assert.Empty(ManifestLint.DuplicateKeys("a:\n  name: x\nb:\n  name: x\nc: [name, name]\n"));
        Assert.Empty(ManifestLint.DuplicateKeys("a: [\n")); // syntax errors are the parser's to report
    }
}
