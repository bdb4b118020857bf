using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>
/// A fresh machine: no git identity (HOME is an empty folder, no system config), a permissive
/// umask, a team remote made with a plain `git init --bare`. The CLI runs as its own process so
/// that the umask and the environment are those of a new user, not of the test runner.
/// </summary>
public sealed class FirstRunTests : IDisposable
{
    private readonly TempDir _tmp = new("og-first");

    public void Dispose() => _tmp.Dispose();

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    /// <summary>oniongroove under `umask 000`, with HOME empty and none of git's identity variables.</summary>
    private ExternalProgram.Result Fresh(params string[] args)
    {
        var home = _tmp["home"];
        Directory.CreateDirectory(home);
        string[] unset = ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL", "GIT_CONFIG_GLOBAL", "OG_VAULT", "OG_IDENTITY"];
        return ExternalProgram.Run("env", [.. unset.SelectMany(v => new[] { "-u", v }), "HOME=" + home, "GIT_CONFIG_NOSYSTEM=1",
            "sh", "-c", "umask 000; exec \"$0\" \"$@\"", Path.Combine(AppContext.BaseDirectory, "oniongroove"), .. args], timeout: TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void Init_without_a_git_identity_commits_as_the_vault_and_says_how_to_sign()
    {
        var key = TestKey.Age(_tmp.Path, "admin");
        var vault = _tmp["vault"];
        var r = Fresh("init", vault, "--name", "admin", "--recipient", key.Recipient);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("git config --global user.name", r.Stderr);
        Assert.Equal("OnionGroove vault <vault@oniongroove.invalid>", IsolatedGit.Ok(vault, "log", "-1", "--format=%an <%ae>").Trim());
        Assert.Equal("OnionGroove vault <vault@oniongroove.invalid>", IsolatedGit.Ok(vault, "log", "-1", "--format=%cn <%ce>").Trim());

        var add = Fresh("site", "add", "news", "-C", vault);
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.StartsWith("site add news", IsolatedGit.Ok(vault, "log", "-1", "--format=%s"));
        Assert.Equal("OnionGroove vault", IsolatedGit.Ok(vault, "log", "-1", "--format=%an").Trim());
        // Nothing was written to any git config.
        Assert.Empty(Directory.GetFileSystemEntries(_tmp["home"]));
        Assert.DoesNotContain("user.", File.ReadAllText(Path.Combine(vault, ".git", "config")));
    }

    [Fact]
    public void A_configured_identity_is_kept()
    {
        var key = TestKey.Age(_tmp.Path, "admin");
        Directory.CreateDirectory(_tmp["home"]);
        File.WriteAllText(Path.Combine(_tmp["home"], ".gitconfig"), "[user]\n\tname = Alice Admin\n\temail = alice@example.org\n");
        var vault = _tmp["vault"];
        var r = Fresh("init", vault, "--name", "admin", "--recipient", key.Recipient);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain("user.name", r.Stderr);
        Assert.Equal("Alice Admin <alice@example.org>", IsolatedGit.Ok(vault, "log", "-1", "--format=%an <%ae>").Trim());
    }

    [Fact]
    public void Under_umask_000_the_vault_is_owner_only()
    {
        var key = TestKey.Age(_tmp.Path, "admin");
        var vault = _tmp["vault"];
        Assert.Equal(0, Fresh("init", vault, "--name", "admin", "--recipient", key.Recipient).ExitCode);
        var add = Fresh("site", "add", "news", "--backends", "1", "-C", vault);
        Assert.True(add.ExitCode == 0, add.Stderr);

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(vault));
        foreach (var f in new[] { "oniongroove.yaml", "README.md", ".gitattributes", "secrets/.keep", ".git/config", ".git/HEAD" })
            Assert.True(File.GetUnixFileMode(Path.Combine(vault, f)) == OwnerOnlyFile, $"{f}: {File.GetUnixFileMode(Path.Combine(vault, f))}");
        foreach (var d in Directory.GetDirectories(Path.Combine(vault, "secrets"), "*", SearchOption.AllDirectories).Append(Path.Combine(vault, ".git", "hooks")))
            Assert.True(File.GetUnixFileMode(d) == OwnerOnlyFolder, $"{d}: {File.GetUnixFileMode(d)}");
        var secrets = Directory.GetFiles(Path.Combine(vault, "secrets"), "*.age", SearchOption.AllDirectories);
        Assert.NotEmpty(secrets);
        foreach (var s in secrets) Assert.True(File.GetUnixFileMode(s) == OwnerOnlyFile, $"{s}: {File.GetUnixFileMode(s)}");
    }

    [Fact]
    public void A_bare_remote_made_with_plain_git_init_clones_with_the_vault()
    {
        var key = TestKey.Age(_tmp.Path, "admin");
        var remote = _tmp["team.git"];
        // As on a fresh server: no init.defaultBranch, so HEAD names `master`.
        Assert.Equal(0, ExternalProgram.Run("env", ["-u", "GIT_CONFIG_GLOBAL", "HOME=" + _tmp["home"], "GIT_CONFIG_NOSYSTEM=1", "git", "init", "-q", "--bare", remote]).ExitCode);
        Assert.Equal("refs/heads/master", IsolatedGit.Ok(remote, "symbolic-ref", "HEAD").Trim());

        var vault = _tmp["vault"];
        var init = CliRunner.Run("init", vault, "--remote", remote, "--name", "admin", "--recipient", key.Recipient);
        Assert.True(init.ExitCode == 0, init.Stderr);
        Assert.Contains("oniongroove sync", init.Stdout);
        var sync = CliRunner.Run("sync", "-C", vault);
        Assert.True(sync.ExitCode == 0, sync.Stderr);
        Assert.DoesNotContain("note:", sync.Stderr);

        // The second admin clones without naming a branch.
        IsolatedGit.Ok(_tmp.Path, "clone", "-q", remote, "second");
        Assert.True(File.Exists(Path.Combine(_tmp["second"], "oniongroove.yaml")));
        Assert.Equal("main", IsolatedGit.Ok(_tmp["second"], "rev-parse", "--abbrev-ref", "HEAD").Trim());
    }
}
