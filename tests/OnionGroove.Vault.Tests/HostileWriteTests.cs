using OnionGroove.TestSupport;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

/// <summary>A change must never write through a symlinked folder committed into the vault, nor
/// read a symlinked secret it is about to replace (it may point at /dev/zero).</summary>
public class HostileWriteTests
{
    [Fact]
    public void A_symlinked_site_folder_is_never_written_through()
    {
        var (tmp, v, alice) = VaultTestKit.NewVault("ogv");
        using var _tmp = tmp;
        SiteOperations.Add(v, "news", 1);
        var site = Path.Combine(v.Root, "secrets", "news");
        var elsewhere = tmp["elsewhere"];
        Directory.Move(site, elsewhere);
        Directory.CreateSymbolicLink(site, elsewhere);
        IsolatedGit.Ok(v.Root, "add", "-A");
        IsolatedGit.Ok(v.Root, "commit", "-q", "-m", "hostile: secrets/news is a symlink");
        var before = Directory.EnumerateFiles(elsewhere, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(File.ReadAllBytes(f)));

        var e = Assert.Throws<VaultException>(() => BackendOperations.Rotate(v, "news", "b1"));
        Assert.Equal(VaultErrorKind.BadInput, e.Kind);
        Assert.Contains("symbolic link", e.Message);
        Assert.Equal(before, Directory.EnumerateFiles(elsewhere, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(File.ReadAllBytes(f))));
        Assert.Equal("", IsolatedGit.Ok(v.Root, "status", "--porcelain"));
    }

    [Fact]
    public void Rotating_a_secret_committed_as_a_symlink_to_dev_zero_neither_hangs_nor_reads_it()
    {
        var (tmp, v, alice) = VaultTestKit.NewVault("ogv");
        using var _tmp = tmp;
        SiteOperations.Add(v, "news", 1);
        var b1 = Path.Combine(v.Root, "secrets", "news", "backends", "b1.age");
        File.Delete(b1);
        File.CreateSymbolicLink(b1, "/dev/zero");
        IsolatedGit.Ok(v.Root, "commit", "-q", "-a", "-m", "hostile: b1.age -> /dev/zero");

        // Rotation replaces the file without reading it; the symlink is gone afterwards.
        var task = Task.Run(() => BackendOperations.Rotate(v, "news", "b1"));
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "rotation hung");
        Assert.Null(new FileInfo(b1).LinkTarget);
        Assert.NotNull(v.DecryptBackendKey("news", "b1", alice.Identities));
    }
}
