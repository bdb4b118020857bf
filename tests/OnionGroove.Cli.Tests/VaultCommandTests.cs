using OnionGroove.TestSupport;
using static OnionGroove.Cli.Tests.VaultCliKit;

namespace OnionGroove.Cli.Tests;

public class VaultCommandTests
{
    [Fact]
    public void Full_flow_through_the_command_line()
    {
        using var tmp = new TempDir("ogc");
        var alice = TestKey.Age(tmp.Path, "alice");
        var bob = TestKey.Ssh(tmp.Path, "bob");
        var v = tmp["vault"];

        Ok("init", v, "--name", "alice", "--recipient", alice.Recipient);
        Assert.True(File.Exists(Path.Combine(v, "README.md")));
        Assert.Contains("*.age binary", File.ReadAllText(Path.Combine(v, ".gitattributes")));
        Ok("team", "add", "bob", bob.Recipient, "--vault", v, "-i", alice.File);
        Ok("site", "add", "news", "--backends", "3", "--vault", v);

        var show = Data(Ok("site", "show", "news", "--json", "--vault", v));
        var address = show.GetProperty("address").GetString()!;
        Assert.Matches("^[a-z2-7]{56}\\.onion$", address);
        Assert.Equal(3, show.GetProperty("backends").GetArrayLength());
        Assert.Equal(["alice", "bob"], show.GetProperty("frontend").GetProperty("sealed_to").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(address, Data(Ok("site", "list", "--json", "--vault", v))[0].GetProperty("address").GetString());
        Assert.Contains("bob", Ok("team", "list", "--vault", v).Stdout);

        var b1 = show.GetProperty("backends")[0].GetProperty("address").GetString();
        Assert.Contains("new address", Ok("backend", "rotate", "news", "b1", "--vault", v).Stdout);
        Ok("backend", "add", "news", "--vault", v);
        Ok("backend", "remove", "news", "b2", "--vault", v);
        var after = Data(Ok("site", "show", "news", "--json", "--vault", v));
        Assert.NotEqual(b1, after.GetProperty("backends")[0].GetProperty("address").GetString());
        Assert.Equal(["b1", "b3", "b4"], after.GetProperty("backends").EnumerateArray().Select(b => b.GetProperty("name").GetString()));

        var audit = Data(Ok("audit", "--json", "--vault", v, "-i", bob.File));
        Assert.True(audit.GetProperty("ok").GetBoolean());
        Assert.Equal(4, audit.GetProperty("secrets").GetArrayLength());

        var removal = Ok("team", "remove", "bob", "--rotate", "--vault", v, "-i", alice.File);
        Assert.Contains("cannot rotate", removal.Stdout);
        Assert.Contains("rotated (new key)", removal.Stdout);
        Assert.Contains("cannot rotate without moving the site to a new onion address", removal.Stdout);

        var export = CliRunner.Run("export", "news", "--out", tmp["keys"], "--vault", v, "-i", alice.File);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("WARNING", export.Stderr);
        Assert.Equal(address + "\n", File.ReadAllText(Path.Combine(tmp["keys"], "frontend", "hostname")));

        // One commit per change, each with a message saying what happened.
        var log = IsolatedGit.Ok(v, "log", "--format=%s");
        Assert.Contains("site add news: frontend + 3 backends", log);
        Assert.Contains("team remove bob: re-sealed", log);
        Assert.Equal(7, log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Not_a_vault_is_a_usage_error()
    {
        using var tmp = new TempDir("ogc");
        var r = CliRunner.Run("site", "list", "--vault", tmp.Path);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("no vault at", r.Stderr);
        Assert.Contains("hint:", r.Stderr);
    }

    [Fact]
    public void Wrong_identity_exits_4_and_names_the_members()
    {
        using var tmp = new TempDir("ogc");
        var alice = TestKey.Age(tmp.Path, "alice");
        var eve = TestKey.Ssh(tmp.Path, "eve");
        var v = tmp["vault"];
        Ok("init", v, "--name", "alice", "--recipient", alice.Recipient);
        Ok("site", "add", "news", "--vault", v);
        var r = CliRunner.Run("export", "news", "--out", tmp["out"], "--vault", v, "-i", eve.File);
        Assert.Equal(ExitCodes.NoIdentity, r.ExitCode);
        Assert.Contains("sealed to: alice", r.Stderr);
        Assert.False(Directory.Exists(tmp["out"]));
    }

    [Fact]
    public void Manifest_syntax_error_exits_3_with_the_line()
    {
        using var tmp = new TempDir("ogc");
        var v = tmp["vault"];
        Ok("init", v);
        File.AppendAllText(Path.Combine(v, "oniongroove.yaml"), "sites: [unclosed\n");
        var r = CliRunner.Run("site", "list", "--vault", v);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Matches(@"line \d+", r.Stderr);
    }

    [Fact]
    public void Tampered_secret_exits_3()
    {
        using var tmp = new TempDir("ogc");
        var alice = TestKey.Age(tmp.Path, "alice");
        var v = tmp["vault"];
        Ok("init", v, "--name", "alice", "--recipient", alice.Recipient);
        Ok("site", "add", "news", "--backends", "1", "--vault", v);
        var file = Path.Combine(v, "secrets", "news", "frontend.age");
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0x80;
        File.WriteAllBytes(file, bytes);
        var r = CliRunner.Run("export", "news", "--out", tmp["out"], "--vault", v, "-i", alice.File);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("tampered", r.Stderr);
    }

    [Fact]
    public void Audit_exits_1_when_a_plaintext_key_is_in_history()
    {
        using var tmp = new TempDir("ogc");
        var alice = TestKey.Age(tmp.Path, "alice");
        var v = tmp["vault"];
        Ok("init", v, "--name", "alice", "--recipient", alice.Recipient);
        File.Copy(alice.File, Path.Combine(v, "my-key.txt"));
        IsolatedGit.Ok(v, "add", "my-key.txt");
        IsolatedGit.Ok(v, "commit", "-q", "-m", "oops");
        IsolatedGit.Ok(v, "rm", "-q", "my-key.txt");
        IsolatedGit.Ok(v, "commit", "-q", "-m", "remove it again");
        var r = CliRunner.Run("audit", "--json", "--vault", v, "-i", alice.File);
        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        var problem = Data(r).GetProperty("problems")[0];
        Assert.Equal("plaintext-in-history", problem.GetProperty("kind").GetString());
        Assert.Contains("my-key.txt", problem.GetProperty("where").GetString());
    }

    [Fact]
    public void Sync_conflict_exits_6_and_keeps_both_sides()
    {
        using var tmp = new TempDir("ogc");
        var alice = TestKey.Age(tmp.Path, "alice");
        var remote = tmp["remote.git"];
        Assert.Equal(0, ExternalProgram.Run("git", ["init", "-q", "--bare", remote]).ExitCode);
        var a = tmp["a"];
        Ok("init", a, "--remote", remote, "--name", "alice", "--recipient", alice.Recipient);
        Ok("sync", "--vault", a);
        IsolatedGit.Ok(tmp.Path, "clone", "-q", "-b", "main", remote, "b");
        var b = tmp["b"];
        Ok("site", "add", "news", "--vault", a);
        Ok("site", "add", "shop", "--vault", b);
        Assert.Contains("pushed 1 commit", Ok("sync", "--vault", a).Stdout);

        var r = CliRunner.Run("sync", "--vault", b);
        Assert.Equal(ExitCodes.Conflict, r.ExitCode);
        Assert.Contains("oniongroove.yaml", r.Stderr);
        Assert.Contains("nothing was lost", r.Stderr);
        Assert.Contains("site add shop", IsolatedGit.Ok(b, "log", "-1", "--format=%s"));
        Assert.Equal("", IsolatedGit.Ok(b, "status", "--porcelain"));
    }

    [Fact]
    public void Name_without_recipient_is_a_usage_error()
    {
        using var tmp = new TempDir("ogc");
        var r = CliRunner.Run("init", tmp["v"], "--name", "alice");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.False(Directory.Exists(tmp["v"]));
    }
}
