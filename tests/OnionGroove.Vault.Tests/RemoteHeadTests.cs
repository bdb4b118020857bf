using OnionGroove.Vault.Operations;

namespace OnionGroove.Vault.Tests;

/// <summary>Which remotes `sync` may fix the HEAD of itself: only folders on this machine.</summary>
public class RemoteHeadTests
{
    [Theory]
    [InlineData("git@example.org:team/vault.git")]
    [InlineData("example.org:vault")]
    [InlineData("ssh://example.org/srv/vault.git")]
    [InlineData("https://example.org/vault.git")]
    [InlineData("/no/such/folder")]
    public void Urls_that_are_not_local_folders(string url) => Assert.Null(RemoteHead.LocalPath(url, "/"));

    [Fact]
    public void Paths_and_file_urls_of_existing_folders_are_local()
    {
        var dir = Path.GetTempPath().TrimEnd('/');
        Assert.Equal(dir, RemoteHead.LocalPath(dir, "/"));
        Assert.Equal(dir, RemoteHead.LocalPath("file://" + dir, "/"));
        Assert.Equal(dir, RemoteHead.LocalPath(Path.GetFileName(dir), Path.GetDirectoryName(dir)!));
    }
}
