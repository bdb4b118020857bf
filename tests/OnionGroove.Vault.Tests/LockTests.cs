using OnionGroove.TestSupport;
using OnionGroove.Vault.Git;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

/// <summary>The vault lock and git's own index.lock (see ConcurrencyTests in Cli.Tests for two
/// real processes at once).</summary>
public class LockTests
{
    private static (TempDir, TeamVault) NewVault()
    {
        var (tmp, v, alice) = VaultTestKit.NewVault("ogv");
        SiteOperations.Add(v, "news", 1);
        return (tmp, v);
    }

    private static string Tree(TeamVault v) => string.Join("\n",
        Directory.EnumerateFileSystemEntries(v.Root, "*", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}") && !p.EndsWith($"{Path.DirectorySeparatorChar}.git", StringComparison.Ordinal))
            .Order().Select(p => p + (File.Exists(p) ? ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p))) : "")));

    [Fact]
    public void A_stale_index_lock_is_explained_and_nothing_is_half_applied()
    {
        var (tmp, v) = NewVault();
        using var _ = tmp;
        var before = Tree(v);
        var head = IsolatedGit.Ok(v.Root, "rev-parse", "HEAD");
        var indexLock = Path.Combine(v.Root, ".git", "index.lock");
        File.WriteAllText(indexLock, "");

        var e = Assert.Throws<VaultException>(() => SiteOperations.Add(v, "blog", 1));
        Assert.Equal(VaultErrorKind.Conflict, e.Kind);
        Assert.Contains("index.lock", e.Message);
        Assert.Contains(e.Hints, h => h.Contains($"rm {indexLock}", StringComparison.Ordinal));
        Assert.Equal(before, Tree(v));
        Assert.Equal(head, IsolatedGit.Ok(v.Root, "rev-parse", "HEAD"));

        File.Delete(indexLock);
        SiteOperations.Add(v, "blog", 1);
        Assert.NotNull(v.Manifest.FindSite("blog"));
    }

    [Fact]
    public void A_failed_commit_is_rolled_back_from_memory_leaving_nothing_behind()
    {
        var (tmp, v) = NewVault();
        using var _ = tmp;
        var before = Tree(v);
        // The commit fails after the files were written and staged (a refusing hook).
        var hook = Path.Combine(v.Root, ".git", "hooks", "pre-commit");
        File.WriteAllText(hook, "#!/bin/sh\nexit 1\n");
        File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var e = Assert.Throws<VaultException>(() => SiteOperations.Add(v, "blog", 1));
        Assert.Equal(VaultErrorKind.External, e.Kind);
        File.Delete(hook);
        Assert.Equal(before, Tree(v));
        Assert.Null(v.Manifest.FindSite("blog"));
        Assert.Equal("", IsolatedGit.Ok(v.Root, "status", "--porcelain"));
    }

    [Fact]
    public void A_change_waits_for_the_lock_then_gives_up_naming_the_holder()
    {
        var (tmp, v) = NewVault();
        using var _ = tmp;
        var heard = new List<string>();
        v.LockWait = TimeSpan.FromMilliseconds(300);
        v.OnLockWait = heard.Add;
        using (VaultLock.Acquire(Path.Combine(v.Root, ".git"), TimeSpan.Zero, null))
        {
            var e = Assert.Throws<VaultException>(() => SiteOperations.Add(v, "blog", 1));
            Assert.Equal(VaultErrorKind.Conflict, e.Kind);
            Assert.Contains($"pid {Environment.ProcessId}", e.Message);
        }
        Assert.Single(heard);
        Assert.Contains("waiting for another oniongroove command", heard[0]);
        SiteOperations.Add(v, "blog", 1); // released: goes through
    }

    [Fact]
    public void A_change_computed_from_a_stale_manifest_is_refused()
    {
        var (tmp, v) = NewVault();
        using var _ = tmp;
        var other = TeamVault.Open(v.Root);
        var stale = v.CopyManifest();
        stale.Sites.RemoveAll(s => s.Name == "news");
        SiteOperations.Add(other, "blog", 1); // another command commits in between
        var e = Assert.Throws<VaultException>(() => v.Apply(new VaultChange(stale, "stale change")));
        Assert.Equal(VaultErrorKind.Conflict, e.Kind);
        Assert.NotNull(TeamVault.Open(v.Root).Manifest.FindSite("blog"));
    }
}
