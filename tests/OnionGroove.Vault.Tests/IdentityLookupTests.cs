using OnionGroove.TestSupport;
using OnionGroove.Vault.Sealing;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

public class IdentityLookupTests
{
    [Fact]
    public void Defaults_are_tried_in_the_documented_order()
    {
        using var tmp = new TempDir("ogi");
        var home = tmp["home"];
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        Directory.CreateDirectory(Path.Combine(home, ".config", "oniongroove"));
        var ssh = TestKey.Ssh(Path.Combine(home, ".ssh"), "me");
        File.Move(ssh.File, Path.Combine(home, ".ssh", "id_ed25519"));
        var age = TestKey.Age(tmp.Path, "me");
        File.Copy(age.File, Path.Combine(home, ".config", "oniongroove", "identity.txt"));
        var env = TestKey.Age(tmp.Path, "env");

        var ids = IdentityLookup.Load([], env.File, home, []);
        Assert.Equal([env.File, Path.Combine(home, ".ssh", "id_ed25519"), Path.Combine(home, ".config", "oniongroove", "identity.txt")],
            ids.Select(i => i.Source));
    }

    [Fact]
    public void Explicit_identities_replace_the_defaults()
    {
        using var tmp = new TempDir("ogi");
        var a = TestKey.Age(tmp.Path, "a");
        var ids = IdentityLookup.Load([a.File], "/nonexistent/env", tmp.Path, []);
        Assert.Equal([a.File], ids.Select(i => i.Source));
    }

    [Fact]
    public void Missing_explicit_or_env_file_is_an_error_but_a_broken_default_is_skipped_with_a_note()
    {
        using var tmp = new TempDir("ogi");
        Assert.Equal(VaultErrorKind.Usage, Assert.Throws<VaultException>(() => IdentityLookup.Load([tmp["nope"]], null, tmp.Path, [])).Kind);
        Assert.Equal(VaultErrorKind.Usage, Assert.Throws<VaultException>(() => IdentityLookup.Load([], tmp["nope"], tmp.Path, [])).Kind);
        Directory.CreateDirectory(tmp["home/.ssh"]);
        File.WriteAllText(tmp["home/.ssh/id_ed25519"], "not a key\n");
        var notes = new List<string>();
        Assert.Empty(IdentityLookup.Load([], null, tmp["home"], notes));
        Assert.Contains(notes, n => n.Contains("id_ed25519"));
    }
}
