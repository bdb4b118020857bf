using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Crypto.Tests;

/// <summary>Where `keygen --out` writes, and what it refuses to overwrite.</summary>
public sealed class KeyFoldersTests : IDisposable
{
    private readonly TempDir _dir = new("ogkf");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void One_key_is_written_into_the_root_itself()
    {
        var folders = new KeyFolders(_dir["hs"], 1);
        Assert.Null(folders.CheckWritable());
        using var key = IdentitySecretKey.Generate();
        Assert.Equal(_dir["hs"], folders.Write(key).Value);
        Assert.True(File.Exists(_dir["hs/hs_ed25519_secret_key"]));
        Assert.Equal(key.Address.ToString(), File.ReadAllText(_dir["hs/hostname"]).Trim());
    }

    [Fact]
    public void Several_keys_get_a_folder_named_by_their_service_id()
    {
        var folders = new KeyFolders(_dir["many"], 2);
        using var a = IdentitySecretKey.Generate();
        using var b = IdentitySecretKey.Generate();
        Assert.Equal(Path.Combine(_dir["many"], a.Address.ServiceId), folders.Write(a).Value);
        Assert.Equal(folders.For(b.Address), folders.Write(b).Value);
        Assert.Equal(2, Directory.GetDirectories(_dir["many"]).Length);
        var again = folders.Write(a);
        Assert.False(again.IsSuccess);
        Assert.Equal(new KeyFolders.Refusal(KeyFolders.RefusalKind.Exists, folders.For(a.Address)), again.Error);
    }

    [Fact]
    public void A_single_key_never_goes_into_a_folder_that_holds_something()
    {
        Directory.CreateDirectory(_dir["full"]);
        File.WriteAllText(_dir["full/other"], "x");
        var folders = new KeyFolders(_dir["full"], 1);
        Assert.Equal(KeyFolders.RefusalKind.NotEmpty, folders.CheckWritable()?.Kind);
        using var key = IdentitySecretKey.Generate();
        Assert.Equal(KeyFolders.RefusalKind.NotEmpty, folders.Write(key).Error?.Kind);
        Assert.False(File.Exists(_dir["full/hs_ed25519_secret_key"]));
    }

    [Fact]
    public void A_file_is_not_a_folder()
    {
        File.WriteAllText(_dir["file"], "x");
        Assert.Equal(new KeyFolders.Refusal(KeyFolders.RefusalKind.IsAFile, _dir["file"]), new KeyFolders(_dir["file"], 3).CheckWritable());
    }
}
