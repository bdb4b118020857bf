using System.Text.Json;
using OnionGroove.Crypto.Files;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>`keygen --from` / `keygen --apply-offset`: the search sees a public key only, the key
/// holder derives the promised key, and anything that does not fit is refused.</summary>
public class KeygenSplitKeyTests
{
    /// <summary>A fresh key in its own HiddenServiceDir; returns its address.</summary>
    private static string NewKey(string dir)
    {
        var r = CliRunner.Run("keygen", "--out", dir);
        Assert.Equal(0, r.ExitCode);
        return File.ReadAllText(Path.Combine(dir, TorKeyFiles.HostnameFileName)).Trim();
    }

    private static (string Address, string Offset) Search(string from, string prefix = "og")
    {
        var r = CliRunner.Run("keygen", "--from", from, "--prefix", prefix, "--json", "--threads", "2");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var entry = Assert.Single(doc.RootElement.GetProperty("data").EnumerateArray());
        return (entry.GetProperty("address").GetString()!, entry.GetProperty("offset").GetString()!);
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Network)] // starts tor (offline)
    public void The_applied_offset_gives_the_promised_address_and_tor_agrees()
    {
        using var tmp = new TempDir("ogsplit");
        var from = NewKey(tmp["orig"]);
        var (address, offset) = Search(from);
        Assert.StartsWith("og", address);

        var r = CliRunner.Run("keygen", "--apply-offset", offset, "--key", tmp["orig"], "--expect", address, "--out", tmp["new"], "--json");
        Assert.Equal(0, r.ExitCode);
        using (var doc = JsonDocument.Parse(r.Stdout))
        {
            var data = doc.RootElement.GetProperty("data");
            Assert.Equal(address, data.GetProperty("address").GetString());
            Assert.Equal(from, data.GetProperty("from").GetString());
            Assert.Equal(Path.GetFullPath(tmp["new"]), data.GetProperty("directory").GetString());
        }

        // tor derives the address itself from the secret key alone.
        File.Delete(Path.Combine(tmp["new"], TorKeyFiles.HostnameFileName));
        File.Delete(Path.Combine(tmp["new"], TorKeyFiles.PublicKeyFileName));
        using var tor = OfflineTor.Start(tmp["new"]);
        Assert.Equal(address + "\n", tor.WaitForHostname(TimeSpan.FromSeconds(45)));
    }

    [Fact]
    public void Every_public_key_form_searches_from_the_same_key()
    {
        using var tmp = new TempDir();
        var from = NewKey(tmp["orig"]);
        var publicFile = Path.Combine(tmp["orig"], TorKeyFiles.PublicKeyFileName);
        var hex = Convert.ToHexStringLower(File.ReadAllBytes(publicFile)[32..]);
        foreach (var form in new[] { from, from[..^".onion".Length].ToUpperInvariant(), hex, publicFile, tmp["orig"] })
        {
            var r = CliRunner.Run("keygen", "--from", form, "--prefix", "a", "--json", "--threads", "1");
            Assert.Equal(0, r.ExitCode);
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.Equal(from, Assert.Single(doc.RootElement.GetProperty("data").EnumerateArray()).GetProperty("from").GetString());
        }
    }

    [Fact]
    public void Plain_output_is_address_tab_offset_and_a_hint_on_stderr()
    {
        using var tmp = new TempDir();
        var from = NewKey(tmp["orig"]);
        var r = CliRunner.Run("keygen", "--from", from, "--prefix", "b", "--count", "2");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            var parts = line.Split('\t');
            Assert.StartsWith("b", parts[0]);
            Assert.Equal(64, parts[1].Length);
        }
        Assert.Contains("--apply-offset", r.Stderr);
    }

    [Fact]
    public void A_wrong_offset_or_another_key_is_refused_and_nothing_is_written()
    {
        using var tmp = new TempDir();
        NewKey(tmp["orig"]);
        NewKey(tmp["other"]);
        var (address, offset) = Search(tmp["orig"]);

        // The offset of another search, a mistyped digit, another secret key.
        var wrongDigit = (offset[0] == '0' ? "1" : "0") + offset[1..];
        foreach (var (key, off) in new[] { (tmp["orig"], wrongDigit), (tmp["other"], offset) })
        {
            var r = CliRunner.Run("keygen", "--apply-offset", off, "--key", key, "--expect", address, "--out", tmp["new"]);
            Assert.Equal(ExitCodes.BadInput, r.ExitCode);
            Assert.Contains("refusing: the offset applied to the key of", r.Stderr);
            Assert.Contains($"not the expected {address}", r.Stderr);
            Assert.Equal("", r.Stdout);
            Assert.False(Directory.Exists(tmp["new"]));
        }
        // The secret key file directly, rather than its folder, works the same way.
        var ok = CliRunner.Run("keygen", "--apply-offset", offset, "--key", Path.Combine(tmp["orig"], TorKeyFiles.SecretKeyFileName), "--expect", address, "--out", tmp["new"]);
        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith(address, ok.Stdout);
    }

    [Theory]
    [InlineData("xyz", "64 hex digits")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "group order")]
    public void A_malformed_offset_is_bad_input(string offset, string reason)
    {
        using var tmp = new TempDir();
        var from = NewKey(tmp["orig"]);
        var r = CliRunner.Run("keygen", "--apply-offset", offset, "--key", tmp["orig"], "--expect", from, "--out", tmp["new"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains(reason, r.Stderr);
        Assert.False(Directory.Exists(tmp["new"]));
    }

    [Theory]
    [InlineData("--from|KEY|--prefix|ab|--out|OUT", "no secret key to write")]
    [InlineData("--from|KEY", "needs at least one --prefix")]
    [InlineData("--from|nonsense|--prefix|ab", "not an onion address")]
    [InlineData("--apply-offset|00|--expect|KEY|--out|OUT", "needs --key")]
    [InlineData("--apply-offset|00|--key|KEYDIR|--out|OUT", "needs --expect")]
    [InlineData("--apply-offset|00|--key|KEYDIR|--expect|KEY", "needs --out")]
    [InlineData("--apply-offset|00|--key|KEYDIR|--expect|KEY|--out|OUT|--prefix|ab", "search options belong to the --from run")]
    [InlineData("--prefix|ab|--key|KEYDIR", "--key does not go with")]
    [InlineData("--bench|--expect|KEY", "--expect does not go with --bench")]
    public void Options_that_do_not_fit_are_refused(string args, string message)
    {
        using var tmp = new TempDir();
        var from = NewKey(tmp["orig"]);
        var argv = args.Split('|').Select(a => a switch { "KEY" => from, "KEYDIR" => tmp["orig"], "OUT" => tmp["out"], _ => a }).ToArray();
        var r = CliRunner.Run(["keygen", .. argv]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(message, r.Stderr);
        Assert.False(Directory.Exists(tmp["out"]));
    }
}
