using OnionGroove.TestSupport;
using static OnionGroove.Cli.Tests.VaultCliKit;

namespace OnionGroove.Cli.Tests;

public class VaultClientCommandTests
{
    [Fact]
    public void Client_keys_through_the_command_line()
    {
        using var tmp = new TempDir("ogc");
        var alice = TestKey.Age(tmp.Path, "alice");
        var bob = TestKey.Age(tmp.Path, "bob");
        var v = tmp["vault"];
        Ok("init", v, "--name", "alice", "--recipient", alice.Recipient);
        Ok("team", "add", "bob", bob.Recipient, "--vault", v);
        Ok("site", "add", "news", "--backends", "1", "--vault", v);
        var added = Ok("client", "add", "news", "phone", "--vault", v).Stdout;
        Assert.Matches("(?i)descriptor:x25519:[a-z2-7]{52}", added);

        var before = Data(Ok("site", "show", "news", "--json", "--vault", v)).GetProperty("clients")[0].GetProperty("public_key").GetString();
        var removal = Ok("team", "remove", "bob", "--no-rotate", "--vault", v, "-i", alice.File).Stdout;
        Assert.Contains("news/clients/phone", removal);
        Assert.Contains("oniongroove client rotate news phone", removal);
        Assert.Contains("oniongroove backend rotate news b1", removal);

        Ok("client", "rotate", "news", "--vault", v);
        var after = Data(Ok("site", "show", "news", "--json", "--vault", v)).GetProperty("clients")[0].GetProperty("public_key").GetString();
        Assert.NotEqual(before, after);

        Ok("export", "news", "--out", tmp["out"], "--vault", v, "-i", alice.File);
        Assert.Equal(after + "\n", File.ReadAllText(Path.Combine(tmp["out"], "frontend", "authorized_clients", "phone.auth")));
        Ok("client", "remove", "news", "phone", "--vault", v);
        Assert.False(File.Exists(Path.Combine(v, "secrets", "news", "clients", "phone.age")));
        Assert.True(Data(Ok("audit", "--json", "--vault", v, "-i", alice.File)).GetProperty("ok").GetBoolean());
    }
}
