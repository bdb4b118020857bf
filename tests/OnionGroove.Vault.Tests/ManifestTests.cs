using OnionGroove.Vault.Manifest;

namespace OnionGroove.Vault.Tests;

public class ManifestTests
{
    private const string Valid = """
        version: 1
        team:
        - name: alice
          recipient: age1qqqq
        sites:
        - name: news
          address: 25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion
          frontend:
            path: secrets/news/frontend.age
            sealed_to: [alice]
          backends:
          - name: b1
            address: 25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion
            secret:
              path: secrets/news/backends/b1.age
              sealed_to: [alice]
        """;

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var first = ManifestFile.Parse(Valid);
        Assert.Null(first.Error);
        var again = ManifestFile.Parse(ManifestFile.Serialize(first.Value));
        Assert.Null(again.Error);
        var site = Assert.Single(again.Value.Sites);
        Assert.Equal("news", site.Name);
        Assert.Equal("secrets/news/backends/b1.age", Assert.Single(site.Backends).Secret.Path);
        Assert.Equal(["alice"], site.Frontend.SealedTo);
        Assert.Contains("sealed_to:", ManifestFile.Serialize(first.Value));
    }

    [Fact]
    public void Syntax_error_reports_its_line()
    {
        var broken = Valid.Replace("  recipient: age1qqqq", "  recipient: [age1qqqq");
        var r = ManifestFile.Parse(broken);
        Assert.Null(r.ValueOrDefault);
        Assert.True(r.Error!.Line >= 4, r.Error.ToString());
        Assert.Matches(@"^line \d+, column \d+: ", ManifestFile.Describe(r.Error));
    }

    [Fact]
    public void Unknown_key_reports_its_line_and_name()
    {
        var r = ManifestFile.Parse(Valid.Replace("  recipient: age1qqqq", "  recipient: age1qqqq\n  colour: blue"));
        Assert.Equal(5, r.Error!.Line);
        Assert.Contains("colour", r.Error.Message);
    }

    [Theory]
    [InlineData("- name: alice\n  recipient: age1qqqq\n- name: alice\n  recipient: age1rrrr", "listed twice")]
    [InlineData("- name: Alice Smith\n  recipient: age1qqqq", "is invalid")]
    [InlineData("- name: alice\n  recipient: ''", "has no recipient")]
    public void Content_errors_are_explained(string team, string expected)
    {
        var r = ManifestFile.Parse($"version: 1\nteam:\n{team}\n");
        Assert.Null(r.ValueOrDefault);
        Assert.Contains(expected, r.Error!.Message);
    }

    [Theory]
    [InlineData("secrets/../../etc/passwd.age")]
    [InlineData("/etc/x.age")]
    [InlineData("secrets/news/frontend.txt")]
    public void Secret_paths_cannot_leave_the_secrets_tree(string path)
    {
        var r = ManifestFile.Parse(Valid.Replace("secrets/news/frontend.age", path));
        Assert.Contains("invalid secret path", r.Error!.Message);
    }

    [Fact]
    public void Unsupported_version_is_refused()
    {
        var r = ManifestFile.Parse("version: 2\n");
        Assert.Contains("version 2", r.Error!.Message);
    }

    [Fact]
    public void Empty_document_is_an_error_not_a_crash()
    {
        Assert.Contains("empty", ManifestFile.Parse("").Error!.Message);
    }
}
