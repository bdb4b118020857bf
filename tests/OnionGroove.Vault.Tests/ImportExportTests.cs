using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using OnionGroove.Crypto.Files;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

public class ImportExportTests
{
    private static string Sample(string suffix) => SharedFiles.TorVector("generated", $"sample1_rfc8032_test1_seed.{suffix}");

    [Fact]
    public void Import_from_a_hidden_service_dir_keeps_the_exact_key_file_bytes()
    {
        using var tmp = new TempDir("ogx");
        var alice = TestKey.Age(tmp.Path, "alice");
        var hsDir = tmp["hs"];
        Directory.CreateDirectory(hsDir);
        File.Copy(Sample("hs_ed25519_secret_key"), Path.Combine(hsDir, "hs_ed25519_secret_key"));
        var v = TeamVault.Init(tmp["vault"], new TeamMember { Name = "alice", Recipient = alice.Recipient });

        var read = TorKeyFiles.ReadSecretKey(Path.Combine(hsDir, "hs_ed25519_secret_key"));
        Assert.True(read.IsSuccess, read.Error?.ToString());
        using var key = read.Value;
        var site = SiteOperations.Import(v, "legacy", key, 2, "a HiddenServiceDir");

        Assert.Equal(File.ReadAllText(Sample("hostname")).Trim(), site.Address);
        var (code, plain, err) = AgeDecrypt(v.FullPath(site.Frontend.Path), alice.File);
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(Sample("hs_ed25519_secret_key")), plain);
        var again = Assert.Throws<VaultException>(() => SiteOperations.Import(v, "legacy2", key, 1, "x"));
        Assert.Contains("already in the vault as site 'legacy'", again.Message);
    }

    [Fact]
    public void Import_from_a_key_made_by_onionbalance_config()
    {
        using var tmp = new TempDir("ogx");
        var alice = TestKey.Age(tmp.Path, "alice");
        var gen = ExternalProgram.Run("onionbalance-config", ["--hs-version", "v3", "-n", "1", "--output", tmp["ob"], "--no-interactive"]);
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        var keyFile = Directory.GetFiles(tmp["ob"], "*.key").Single();
        var v = TeamVault.Init(tmp["vault"], new TeamMember { Name = "alice", Recipient = alice.Recipient });

        var read = TorKeyFiles.ReadOnionbalanceKey(keyFile);
        Assert.True(read.IsSuccess, read.Error?.ToString());
        using var key = read.Value;
        var site = SiteOperations.Import(v, "ob", key, 1, "an Onionbalance key");
        // onionbalance-config names the key file after the address it makes.
        Assert.Equal(Path.GetFileNameWithoutExtension(keyFile) + ".onion", site.Address);
        using var back = v.DecryptFrontendKey("ob", alice.Identities);
        Assert.True(back.SecretEquals(key));
    }

    [Fact]
    public void Export_writes_private_hidden_service_dirs_outside_the_vault_only()
    {
        var (tmp, v, alice) = VaultTestKit.NewVault("ogx");
        using var _tmp = tmp;
        var site = SiteOperations.Add(v, "news", 2);

        var inside = Assert.Throws<VaultException>(() => VaultExport.Export(v, "news", Path.Combine(v.Root, "keys"), alice.Identities));
        Assert.Contains("inside the vault", inside.Message);

        var dirs = VaultExport.Export(v, "news", tmp["out"], alice.Identities);
        Assert.Equal(3, dirs.Count);
        var front = Path.Combine(tmp["out"], "frontend");
        Assert.Equal(site.Address + "\n", File.ReadAllText(Path.Combine(front, "hostname")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(front));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(front, "hs_ed25519_secret_key")));
        var b2 = TorKeyFiles.ReadSecretKey(Path.Combine(tmp["out"], "backends", "b2", "hs_ed25519_secret_key"));
        Assert.True(b2.IsSuccess, b2.Error?.ToString());
        Assert.Equal(site.Backends[1].Address, b2.Value.Address.ToString());
        // A second export into the same place refuses rather than overwriting.
        Assert.Throws<VaultException>(() => VaultExport.Export(v, "news", tmp["out"], alice.Identities));
    }
}
