using OnionGroove.TestSupport;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

public class FailureTests
{
    private static (TempDir Tmp, TeamVault Vault, TestKey Alice) NewVault(int backends = 2)
    {
        var (tmp, v, alice) = VaultTestKit.NewVault("ogv");
        SiteOperations.Add(v, "news", backends);
        return (tmp, v, alice);
    }

    private static VaultException Fails(VaultErrorKind kind, Action action)
    {
        var e = Assert.Throws<VaultException>(action);
        Assert.True(e.Kind == kind, $"expected {kind}, got {e.Kind}: {e.Message}");
        return e;
    }

    [Fact]
    public void Tampered_payload_is_reported_as_damaged_and_age_agrees()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        var file = v.FullPath(v.Manifest.Sites[0].Frontend.Path);
        var bytes = File.ReadAllBytes(file);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        var e = Fails(VaultErrorKind.BadInput, () => v.DecryptFrontendKey("news", alice.Identities));
        Assert.Contains("news/frontend", e.Message);
        Assert.Contains("tampered", e.Message);
        Assert.NotEqual(0, AgeDecrypt(file, alice.File).ExitCode);
    }

    [Fact]
    public void Tampered_header_is_reported_as_damaged()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        var file = v.FullPath(v.Manifest.Sites[0].Frontend.Path);
        var text = File.ReadAllBytes(file);
        var mac = System.Text.Encoding.ASCII.GetString(text).IndexOf("\n--- ", StringComparison.Ordinal) + 6;
        text[mac] = (byte)(text[mac] == (byte)'A' ? 'B' : 'A');
        File.WriteAllBytes(file, text);
        Fails(VaultErrorKind.BadInput, () => v.DecryptFrontendKey("news", alice.Identities));
    }

    [Fact]
    public void Truncated_file_is_reported_as_damaged()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        var file = v.FullPath(v.Manifest.Sites[0].Backends[0].Secret.Path);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length - 20)]);
        var e = Fails(VaultErrorKind.BadInput, () => v.DecryptBackendKey("news", "b1", alice.Identities));
        Assert.Contains("news/backends/b1", e.Message);
    }

    [Fact]
    public void Swapped_files_are_caught_by_the_address_check()
    {
        var (tmp, v, alice) = NewVault();
        using var _ = tmp;
        var site = v.Manifest.Sites[0];
        File.Copy(v.FullPath(site.Backends[0].Secret.Path), v.FullPath(site.Frontend.Path), overwrite: true);
        var e = Fails(VaultErrorKind.BadInput, () => v.DecryptFrontendKey("news", alice.Identities));
        Assert.Contains(site.Backends[0].Address, e.Message);
        Assert.Contains(site.Address, e.Message);
    }

    [Fact]
    public void Wrong_identity_says_who_the_secret_is_sealed_to()
    {
        var (tmp, v, _) = NewVault();
        using var __ = tmp;
        var mallory = TestKey.Ssh(tmp.Path, "mallory");
        var e = Fails(VaultErrorKind.NoIdentity, () => v.DecryptFrontendKey("news", mallory.Identities));
        Assert.Contains("sealed to: alice", e.Message);
        Assert.Contains(e.Hints, h => h.Contains(mallory.File));
    }

    [Fact]
    public void No_identity_says_who_the_secret_is_sealed_to()
    {
        var (tmp, v, _) = NewVault();
        using var __ = tmp;
        var e = Fails(VaultErrorKind.NoIdentity, () => v.DecryptFrontendKey("news", []));
        Assert.Contains("sealed to: alice", e.Message);
    }

    [Fact]
    public void Team_change_without_a_working_identity_changes_nothing()
    {
        var (tmp, v, _) = NewVault();
        using var __ = tmp;
        var bob = TestKey.Age(tmp.Path, "bob");
        var head = IsolatedGit.Ok(v.Root, "rev-parse", "HEAD");
        Fails(VaultErrorKind.NoIdentity, () => TeamOperations.Add(v, "bob", bob.Recipient, bob.Identities));
        Assert.Equal(head, IsolatedGit.Ok(v.Root, "rev-parse", "HEAD"));
        Assert.Equal("", IsolatedGit.Ok(v.Root, "status", "--porcelain"));
        Assert.Null(TeamVault.Open(v.Root).Manifest.FindMember("bob"));
    }

    [Fact]
    public void A_failed_commit_restores_the_vault_exactly()
    {
        var (tmp, v, _) = NewVault();
        using var __ = tmp;
        var hooks = tmp["hooks"];
        Directory.CreateDirectory(hooks);
        File.WriteAllText(Path.Combine(hooks, "pre-commit"), "#!/bin/sh\necho refused by policy >&2\nexit 1\n");
        File.SetUnixFileMode(Path.Combine(hooks, "pre-commit"), (UnixFileMode)0b111_101_101);
        IsolatedGit.Ok(v.Root, "config", "core.hooksPath", hooks);
        var head = IsolatedGit.Ok(v.Root, "rev-parse", "HEAD");
        var manifest = File.ReadAllText(v.FullPath(ManifestFile.FileName));
        var files = Directory.GetFiles(v.FullPath("secrets"), "*", SearchOption.AllDirectories).Order().ToList();

        var e = Fails(VaultErrorKind.External, () => SiteOperations.Add(v, "shop", 3));
        Assert.Contains("refused by policy", e.Message);
        Assert.Equal(head, IsolatedGit.Ok(v.Root, "rev-parse", "HEAD"));
        Assert.Equal("", IsolatedGit.Ok(v.Root, "status", "--porcelain"));
        Assert.Equal(manifest, File.ReadAllText(v.FullPath(ManifestFile.FileName)));
        Assert.Equal(files, Directory.GetFiles(v.FullPath("secrets"), "*", SearchOption.AllDirectories).Order().ToList());
        Assert.Null(v.Manifest.FindSite("shop"));
    }

    [Fact]
    public void Uncommitted_hand_edits_are_never_overwritten()
    {
        var (tmp, v, _) = NewVault();
        using var __ = tmp;
        var path = v.FullPath(ManifestFile.FileName);
        File.AppendAllText(path, "# my note\n");
        var e = Fails(VaultErrorKind.Conflict, () => BackendOperations.Add(v, "news"));
        Assert.Contains("uncommitted", e.Message);
        Assert.EndsWith("# my note\n", File.ReadAllText(path));
    }

    [Fact]
    public void Manifest_syntax_error_names_the_line_when_opening()
    {
        var (tmp, v, _) = NewVault();
        using var __ = tmp;
        var path = v.FullPath(ManifestFile.FileName);
        var lines = File.ReadAllLines(path).ToList();
        var at = lines.FindIndex(l => l.StartsWith("sites:", StringComparison.Ordinal));
        lines.Insert(at + 1, "  - name: [broken");
        File.WriteAllLines(path, lines);
        var e = Fails(VaultErrorKind.BadInput, () => TeamVault.Open(v.Root));
        Assert.Matches(@"line \d+, column \d+", e.Message);
    }

    [Fact]
    public void Concurrent_manifest_edits_are_a_conflict_and_nothing_is_lost()
    {
        using var tmp = new TempDir("ogv");
        var alice = TestKey.Age(tmp.Path, "alice");
        var remote = IsolatedGit.BareRemote(tmp.Path);
        var a = TeamVault.Init(tmp["a"], new TeamMember { Name = "alice", Recipient = alice.Recipient }, remote);
        VaultSync.Run(a);
        IsolatedGit.Ok(tmp.Path, "clone", "-q", remote, "b");
        var b = TeamVault.Open(tmp["b"]);

        SiteOperations.Add(a, "news", 1);
        SiteOperations.Add(b, "shop", 1);
        VaultSync.Run(a);
        var bHead = IsolatedGit.Ok(b.Root, "rev-parse", "HEAD");
        var remoteHead = IsolatedGit.Ok(remote, "rev-parse", "main");

        var e = Fails(VaultErrorKind.Conflict, () => VaultSync.Run(b));
        Assert.Contains(ManifestFile.FileName, e.Message);
        Assert.Contains(e.Hints, h => h.Contains("nothing was lost"));
        // b is exactly as before: its commit, a clean tree, no rebase in progress; the remote has a's commit.
        Assert.Equal(bHead, IsolatedGit.Ok(b.Root, "rev-parse", "HEAD"));
        Assert.Equal("", IsolatedGit.Ok(b.Root, "status", "--porcelain"));
        Assert.False(Directory.Exists(Path.Combine(b.Root, ".git", "rebase-merge")));
        Assert.Equal(remoteHead, IsolatedGit.Ok(remote, "rev-parse", "main"));
        Assert.NotNull(TeamVault.Open(b.Root).Manifest.FindSite("shop"));
    }

    [Fact]
    public void Unreachable_remote_is_an_external_error()
    {
        var (tmp, v, _) = NewVault();
        using var __ = tmp;
        IsolatedGit.Ok(v.Root, "remote", "add", "origin", tmp["no-such-remote.git"]);
        Fails(VaultErrorKind.External, () => VaultSync.Run(v));
    }
}
