using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>`oniongroove host` and `oniongroove render` against a real vault (real age-keygen identity).</summary>
public sealed class DeployCommandTests : IDisposable
{
    private readonly CliVault _v = new("og-deploy-cli", "admin", ("news", 2));

    private string Inventories => _v.Tmp["inventories"];

    public void Dispose() => _v.Dispose();

    private CliRunner.Result Run(params string[] args) => CliRunner.Run([.. args, "-C", _v.Path, "--inventories", Inventories]);

    private CliRunner.Result Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"oniongroove {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    [Fact]
    public void A_client_added_by_the_cli_renders()
    {
        var added = VaultCliKit.Ok("client", "add", "news", "c1", "-C", _v.Path).Stdout;
        var auth = System.Text.RegularExpressions.Regex.Match(added, "descriptor:x25519:([a-zA-Z2-7]{52})").Groups[1].Value;
        Ok("host", "add", "fe1", "--frontend", "--address", "192.0.2.1");
        Ok("host", "add", "be1", "--backend", "news", "--address", "192.0.2.2");
        var r = Run("render");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var be1 = YamlTree.Parse(File.ReadAllText(Path.Combine(Inventories, "production", "host_vars", "be1.yml")));
        var client = Assert.Single(Assert.Single(be1["onion_backend_instances"].Items)["client_auth"].Items);
        Assert.Equal("c1", client["name"].Text);
        Assert.Equal(auth.ToUpperInvariant(), client["public_key"].Text);
    }

    [Fact]
    public void Hosts_placed_and_rendered_then_rendering_again_writes_nothing()
    {
        Ok("host", "add", "fe1", "--frontend", "--address", "192.0.2.1");
        Assert.Contains("placed news/b1 on be1", Ok("host", "add", "be1", "--backend", "news").Stdout);
        Assert.Contains("placed news/b2 on be2", Ok("host", "add", "be2", "--backend", "news/b2").Stdout);
        // Placement is recorded in the vault (one commit each), not only in the inventory.
        Assert.Contains("host: be1", File.ReadAllText(Path.Combine(_v.Path, "oniongroove.yaml")));
        Assert.Contains("host add be2: news/b2", IsolatedGit.Ok(_v.Path, "log", "--format=%s"));

        var first = Ok("render");
        Assert.Contains("host_vars/be1.yml", first.Stdout);
        var be1 = File.ReadAllText(Path.Combine(Inventories, "production", "host_vars", "be1.yml"));
        Assert.Equal("news/backends/b1", Assert.Single(YamlTree.Parse(be1)["onion_backend_instances"].Items)["key"].Text);
        Assert.DoesNotContain("news/backends/b2", be1);
        Assert.Contains("is up to date", Ok("render").Stdout);

        var json = VaultCliKit.Data(Ok("render", "--json"));
        Assert.Equal(0, json.GetProperty("written").GetArrayLength());

        Assert.Contains("took news/b2 off be2", Ok("host", "remove", "be2").Stdout);
        Assert.Contains("removed", Ok("render").Stdout);
        Assert.False(File.Exists(Path.Combine(Inventories, "production", "host_vars", "be2.yml")));
    }

    [Fact]
    public void A_backend_cannot_run_on_two_hosts_and_a_refusal_changes_nothing()
    {
        Ok("host", "add", "be1", "--backend", "news/b1");
        var before = File.ReadAllText(Path.Combine(Inventories, "production.environment.yml"));
        var r = Run("host", "add", "be2", "--backend", "news/b1");
        Assert.Equal(ExitCodes.Conflict, r.ExitCode);
        Assert.Contains("already runs on 'be1'", r.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(Inventories, "production.environment.yml")));
    }

    [Fact]
    public void Render_without_a_frontend_explains_what_is_missing()
    {
        Ok("host", "add", "be1", "--backend", "news");
        var r = Run("render");
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("no frontend host", r.Stderr);
        Assert.Contains("hint:", r.Stderr);
        Assert.False(File.Exists(Path.Combine(Inventories, "production", "hosts.yml")));
    }

    [Theory]
    [InlineData("host", "add", "Bad/Name")]
    [InlineData("render", "--env", "../escape")]
    public void Names_that_would_escape_their_folder_are_refused(params string[] args)
    {
        var r = Run(args);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("invalid", r.Stderr);
    }

    [Trait(TestCategory.Name, TestCategory.Network)] // starts tor
    [Fact]
    public void Render_key_prints_tor_key_files_that_tor_accepts()
    {
        var frontend = CliRunner.Run("render", "key", "news/frontend", "-C", _v.Path, "-i", _v.Member.File);
        Assert.True(frontend.ExitCode == 0, frontend.Stderr);
        var bytes = Convert.FromBase64String(frontend.Stdout.Trim());
        Assert.Equal(96, bytes.Length);
        Assert.StartsWith("== ed25519v1-secret: type0 ==", System.Text.Encoding.ASCII.GetString(bytes, 0, 29));

        // The real tor derives the site's address from the printed key.
        var dir = Path.Combine(_v.Tmp.Path, "hs");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllBytes(Path.Combine(dir, "hs_ed25519_secret_key"), bytes);
        var address = TorDerivedAddress(dir);
        Assert.Equal(56 + 6, address.Length);
        Assert.Contains(address, File.ReadAllText(Path.Combine(_v.Path, "oniongroove.yaml")));

        var bad = CliRunner.Run("render", "key", "news/nothing", "-C", _v.Path, "-i", _v.Member.File);
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("news/backends/b1", bad.Stderr);
        Assert.Empty(bad.Stdout);
    }

    /// <summary>Starts tor offline on a HiddenServiceDir and returns the hostname it derives from the key.</summary>
    private static string TorDerivedAddress(string hsDir)
    {
        using var tor = OfflineTor.Start(hsDir);
        return tor.WaitForHostname().Trim();
    }
}
