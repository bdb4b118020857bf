using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Audit;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Files;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

public class AuditTests
{
    private static (TempDir, TeamVault, TestKey) NewVault()
    {
        var (tmp, v, alice) = VaultTestKit.NewVault("ogv");
        SiteOperations.Add(v, "news", 1);
        return (tmp, v, alice);
    }

    private static void CommitFile(TeamVault v, string rel, byte[] content)
    {
        var path = Path.Combine(v.Root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        IsolatedGit.Ok(v.Root, "add", "--", rel);
        IsolatedGit.Ok(v.Root, "commit", "-q", "-m", $"add {rel}");
    }

    [Fact]
    public void A_fresh_vault_passes()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        var r = VaultAuditor.Run(v, alice.Identities);
        Assert.True(r.Ok, string.Join("\n", r.Problems));
        Assert.Equal(2, r.Secrets.Count);
        Assert.All(r.Secrets, s => Assert.Equal(1, s.RecipientsInFile));
        Assert.Empty(r.Notes);
    }

    [Fact]
    public void Key_file_committed_then_deleted_is_still_found_in_history()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        using var key = v.DecryptFrontendKey("news", alice.Identities);
        var file = TorKeyFiles.FormatSecretKey(key);
        CommitFile(v, "backup/hs_ed25519_secret_key", file);
        IsolatedGit.Ok(v.Root, "rm", "-q", "backup/hs_ed25519_secret_key");
        IsolatedGit.Ok(v.Root, "commit", "-q", "-m", "oops");

        var r = VaultAuditor.Run(v, alice.Identities);
        var p = Assert.Single(r.Problems, p => p.Kind == AuditProblemKinds.PlaintextInHistory && p.Message.Contains("tor secret key file"));
        Assert.Contains("backup/hs_ed25519_secret_key", p.Where);
        Assert.DoesNotContain(r.Problems, p => p.Kind == AuditProblemKinds.PlaintextInWorkingTree);
        CryptographicOperations.ZeroMemory(file);
    }

    [Fact]
    public void Raw_key_bytes_hidden_in_a_file_are_found_when_an_identity_can_decrypt()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        using var key = v.DecryptBackendKey("news", "b1", alice.Identities);
        var blob = RandomNumberGenerator.GetBytes(300);
        key.ExportExpanded(blob.AsSpan(100, 64));
        File.WriteAllBytes(Path.Combine(v.Root, "notes.bin"), blob);

        var r = VaultAuditor.Run(v, alice.Identities);
        Assert.Contains(r.Problems, p => p.Kind == AuditProblemKinds.PlaintextInWorkingTree && p.Message.Contains("raw key bytes of news/backends/b1"));
        // Without an identity the raw search cannot run, and the report says so.
        var blind = VaultAuditor.Run(v, []);
        Assert.DoesNotContain(blind.Problems, p => p.Message.Contains("raw key bytes"));
        Assert.Contains(blind.Notes, n => n.Contains("skipped"));
    }

    [Theory]
    [InlineData("AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ", "age secret key")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n", "OpenSSH private key")]
    [InlineData("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid:descriptor:x25519:ZDUVQQ7IKBXSGR2WWOBNM3VP5ELNOIJO5QTNLQ4ZQLOZKQE3MVWA", "client-auth private key")]
    public void Other_key_kinds_in_history_are_found(string content, string kind)
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        CommitFile(v, "leak.txt", System.Text.Encoding.ASCII.GetBytes(content));
        var r = VaultAuditor.Run(v, alice.Identities);
        Assert.Contains(r.Problems, p => p.Kind == AuditProblemKinds.PlaintextInHistory && p.Message.Contains(kind));
        Assert.Contains(r.Problems, p => p.Kind == AuditProblemKinds.PlaintextInWorkingTree && p.Message.Contains(kind));
    }

    [Fact]
    public void Public_auth_lines_and_documentation_are_not_leaks()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        CommitFile(v, "clients.txt", "descriptor:x25519:ZDUVQQ7IKBXSGR2WWOBNM3VP5ELNOIJO5QTNLQ4ZQLOZKQE3MVWA\nuse ED25519-V3: keys with ADD_ONION\n"u8.ToArray());
        var r = VaultAuditor.Run(v, alice.Identities);
        Assert.True(r.Ok, string.Join("\n", r.Problems));
    }

    [Fact]
    public void Hand_edited_manifest_with_a_departed_member_is_stale()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        var bob = TestKey.Ssh(tmp.Path, "bob");
        TeamOperations.Add(v, "bob", bob.Recipient, alice.Identities);
        // Someone deletes bob from the team by hand, without re-sealing.
        var path = v.FullPath(ManifestFile.FileName);
        var m = ManifestFile.Read(path).Value;
        m.Team.RemoveAll(x => x.Name == "bob");
        File.WriteAllText(path, ManifestFile.Serialize(m));
        IsolatedGit.Ok(v.Root, "commit", "-q", "-am", "drop bob by hand");

        var r = VaultAuditor.Run(TeamVault.Open(v.Root), alice.Identities);
        Assert.Equal(2, r.Problems.Count(p => p.Kind == AuditProblemKinds.StaleRecipient));
        // bob's ssh-ed25519 stanza names his key, which no member has any more.
        Assert.Equal(2, r.Problems.Count(p => p.Kind == AuditProblemKinds.UnknownSshRecipient));
    }

    [Fact]
    public void File_reencrypted_outside_oniongroove_is_flagged()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        var extra = TestKey.Age(tmp.Path, "extra");
        var file = v.FullPath(v.Manifest.Sites[0].Frontend.Path);
        var (code, plain, err) = AgeDecrypt(file, alice.File);
        Assert.True(code == 0, err);
        var r = ExternalProgram.Run("age", ["-r", alice.Recipient, "-r", extra.Recipient, "-o", file], stdinBytes: plain);
        Assert.True(r.ExitCode == 0, r.Stderr);
        IsolatedGit.Ok(v.Root, "commit", "-q", "-am", "sealed to a friend");

        var report = VaultAuditor.Run(v, alice.Identities);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKinds.RecipientCountMismatch && p.Message.Contains("2 recipient"));
    }

    [Fact]
    public void Missing_and_orphan_files_are_flagged()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        File.Move(v.FullPath("secrets/news/backends/b1.age"), v.FullPath("secrets/news/backends/old.age"));
        var r = VaultAuditor.Run(v, alice.Identities);
        Assert.Contains(r.Problems, p => p.Kind == AuditProblemKinds.MissingFile && p.Where == "secrets/news/backends/b1.age");
        Assert.Contains(r.Problems, p => p.Kind == AuditProblemKinds.OrphanFile && p.Where == "secrets/news/backends/old.age");
    }
}
