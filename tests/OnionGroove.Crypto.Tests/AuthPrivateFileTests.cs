using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Crypto.Tests;

/// <summary>A client's .auth_private file: its first key line, or why there is none.</summary>
public sealed class AuthPrivateFileTests : IDisposable
{
    private readonly TempDir _dir = new("ogap");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_first_line_that_is_not_blank_or_a_comment_is_the_key()
    {
        using var service = IdentitySecretKey.Generate();
        using var client = ClientAuthSecretKey.Generate();
        File.WriteAllText(_dir["c.auth_private"], $"# for the news site\n\n  {client.ExportAuthPrivateLine(service.Address)}  \n");
        var read = AuthPrivateFile.Read(_dir["c.auth_private"]);
        Assert.True(read.IsSuccess, read.Error?.ToString());
        using var key = read.Value.Key;
        Assert.Equal(service.Address, read.Value.Service);
        Assert.Equal(client.PublicKey, key.PublicKey);
    }

    [Theory]
    [InlineData("", AuthPrivateFile.FailureKind.Empty)]
    [InlineData("# only a comment\n\n", AuthPrivateFile.FailureKind.Empty)]
    [InlineData("not a key line\n", AuthPrivateFile.FailureKind.Invalid)]
    public void Files_without_a_key_say_why(string text, AuthPrivateFile.FailureKind kind)
    {
        File.WriteAllText(_dir["f"], text);
        Assert.Equal(kind, AuthPrivateFile.Read(_dir["f"]).Error?.Kind);
    }

    [Fact]
    public void A_missing_file_is_unreadable() =>
        Assert.Equal(AuthPrivateFile.FailureKind.Unreadable, AuthPrivateFile.Read(_dir["none"]).Error?.Kind);
}
