using System.Text.Json;
using OnionGroove.Crypto.Files;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>The split-key search with the vault as the key holder, through the CLI: `site add
/// --split-key`, `keygen --from` the printed address (all a rented machine sees), `site add
/// --prefix --offset --expect`; tor loads the key the vault then holds.</summary>
public class VaultSplitKeyTests
{
    private static (string Address, string Offset) Search(string from, string prefix)
    {
        var r = CliRunner.Run("keygen", "--from", from, "--prefix", prefix, "--json", "--threads", "2");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var entry = Assert.Single(doc.RootElement.GetProperty("data").EnumerateArray());
        return (entry.GetProperty("address").GetString()!, entry.GetProperty("offset").GetString()!);
    }

    private static string Address(CliVault v, string site) =>
        VaultCliKit.Data(VaultCliKit.Ok("site", "show", site, "--json", "-C", v.Path)).GetProperty("address").GetString()!;

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Network)] // starts tor (offline)
    public void The_vault_applies_the_offset_and_tor_loads_the_derived_key()
    {
        using var v = new CliVault("ogvsplit", "alice");
        var add = VaultCliKit.Ok("site", "add", "news", "--split-key", "--backends", "1", "-C", v.Path);
        var baseAddress = Address(v, "news");
        Assert.Contains("waiting for site add --offset", add.Stdout);
        Assert.Contains($"keygen --from {baseAddress} --prefix P", add.Stderr);
        Assert.True(VaultCliKit.Data(VaultCliKit.Ok("site", "show", "news", "--json", "-C", v.Path)).GetProperty("split_key_pending").GetBoolean());

        var (address, offset) = Search(baseAddress, "og");
        var applied = VaultCliKit.Ok("site", "add", "news", "--prefix", "og", "--offset", offset, "--expect", address, "-C", v.Path, "-i", v.Member.File);
        Assert.Contains($"site news: {address}", applied.Stdout);
        Assert.Equal(address, Address(v, "news"));
        Assert.False(VaultCliKit.Data(VaultCliKit.Ok("site", "show", "news", "--json", "-C", v.Path)).GetProperty("split_key_pending").GetBoolean());
        Assert.Contains("no problems found", VaultCliKit.Ok("audit", "-C", v.Path, "-i", v.Member.File).Stdout);

        // tor derives the address from the exported secret key alone.
        var export = VaultCliKit.Ok("export", "news", "--out", v.Tmp["export"], "-C", v.Path, "-i", v.Member.File);
        var line = export.Stdout.Split('\n').Single(l => l.EndsWith(address, StringComparison.Ordinal));
        var dir = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        File.Delete(Path.Combine(dir, TorKeyFiles.HostnameFileName));
        File.Delete(Path.Combine(dir, TorKeyFiles.PublicKeyFileName));
        using var tor = OfflineTor.Start(dir);
        Assert.Equal(address + "\n", tor.WaitForHostname(TimeSpan.FromSeconds(45)));
    }

    [Fact]
    public void A_wrong_offset_or_address_is_refused_with_exit_codes_and_the_vault_is_unchanged()
    {
        using var v = new CliVault("ogvsplit", "alice", ("shop", 1));
        VaultCliKit.Ok("site", "add", "news", "--split-key", "--backends", "1", "-C", v.Path);
        var (address, offset) = Search(Address(v, "news"), "og");
        var (otherAddress, otherOffset) = Search(Address(v, "shop"), "og");
        var head = IsolatedGit.Ok(v.Path, "rev-parse", "HEAD");
        var manifest = File.ReadAllText(Path.Combine(v.Path, "oniongroove.yaml"));

        var refusals = new (string[] Args, int Code, string Says)[]
        {
            (["--prefix", "og", "--offset", otherOffset, "--expect", address], ExitCodes.BadInput, "does not start with 'og'"),
            (["--prefix", "og", "--offset", offset, "--expect", otherAddress], ExitCodes.BadInput, $"not the expected {otherAddress}"),
            (["--prefix", "og", "--offset", "xyz"], ExitCodes.BadInput, "--offset"),
            (["--offset", offset], ExitCodes.Usage, "--offset needs --prefix"),
            (["--prefix", "og", "--offset", offset, "--split-key"], ExitCodes.Usage, "give one of them"),
        };
        foreach (var (args, code, says) in refusals)
        {
            var r = CliRunner.Run(["site", "add", "news", .. args, "-C", v.Path, "-i", v.Member.File]);
            Assert.True(code == r.ExitCode, $"{string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
            Assert.Contains(says, r.Stderr);
            Assert.Equal("", r.Stdout);
        }
        // A site that was not made for a split-key search keeps its key.
        var shop = CliRunner.Run("site", "add", "shop", "--prefix", "og", "--offset", otherOffset, "-C", v.Path, "-i", v.Member.File);
        Assert.Equal(ExitCodes.Usage, shop.ExitCode);
        Assert.Contains("not waiting for a split-key offset", shop.Stderr);

        Assert.Equal(head, IsolatedGit.Ok(v.Path, "rev-parse", "HEAD"));
        Assert.Equal(manifest, File.ReadAllText(Path.Combine(v.Path, "oniongroove.yaml")));
        Assert.Equal("", IsolatedGit.Ok(v.Path, "status", "--porcelain"));
    }
}
