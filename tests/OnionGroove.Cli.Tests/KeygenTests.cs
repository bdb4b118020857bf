using System.Text.Json;
using OnionGroove.Cli.Commands.Keygen;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Cli.Tests;

public class KeygenTests
{
    private static void AssertEmpty(string dir) =>
        Assert.True(!Directory.Exists(dir) || !Directory.EnumerateFileSystemEntries(dir).Any(), $"{dir} should hold nothing");

    [Theory]
    [InlineData("abc1", "'1' at position 4")]
    [InlineData("l0l", "'0' at position 2")]
    [InlineData("on-ion", "'-' at position 3")]
    public void A_prefix_outside_the_alphabet_is_a_usage_error_and_writes_nothing(string prefix, string named)
    {
        using var tmp = new TempDir();
        var outDir = tmp["keys"];
        var r = CliRunner.Run("keygen", "--prefix", "ab", "--prefix", prefix, "--out", outDir);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(named, r.Stderr);
        Assert.StartsWith("oniongroove: ", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void An_existing_key_folder_is_never_overwritten()
    {
        using var tmp = new TempDir();
        var outDir = tmp["hs"];
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "hs_ed25519_secret_key"), "precious");
        var r = CliRunner.Run("keygen", "--prefix", "a", "--out", outDir);
        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Contains("already exists", r.Stderr);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(outDir, "hs_ed25519_secret_key")));
        Assert.Single(Directory.EnumerateFileSystemEntries(outDir));
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void One_key_goes_into_the_out_folder_itself()
    {
        using var tmp = new TempDir();
        var outDir = tmp["hs"];
        var r = CliRunner.Run("keygen", "--prefix", "z", "--out", outDir);
        Assert.Equal(0, r.ExitCode);
        var key = TorKeyFiles.ReadHiddenServiceDir(outDir).Value;
        using (key)
        {
            Assert.StartsWith("z", key.Address.ServiceId);
            Assert.Equal($"{key.Address}\t{Path.GetFullPath(outDir)}\n", r.Stdout);
            Assert.Equal(key.Address + "\n", File.ReadAllText(Path.Combine(outDir, "hostname")));
        }
        Assert.Equal("", r.Stderr); // not a terminal: no progress line
    }

    [Fact]
    public void Json_lists_every_key_with_its_folder()
    {
        using var tmp = new TempDir();
        var outDir = tmp["keys"];
        var r = CliRunner.Run("keygen", "--prefix", "q", "--prefix", "R2", "--count", "3", "--out", outDir, "--json", "--threads", "2");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal(3, data.GetArrayLength());
        foreach (var entry in data.EnumerateArray())
        {
            var address = entry.GetProperty("address").GetString()!;
            var directory = entry.GetProperty("directory").GetString()!;
            var prefix = entry.GetProperty("prefix").GetString()!;
            Assert.Contains(prefix, new[] { "q", "r2" });
            Assert.StartsWith(prefix, address);
            Assert.EndsWith(".onion", address);
            Assert.Equal(Path.Combine(Path.GetFullPath(outDir), address[..^".onion".Length]), directory);
            using var key = TorKeyFiles.ReadHiddenServiceDir(directory).Value;
            Assert.Equal(address, key.Address.ToString());
        }
        Assert.Equal(3, Directory.GetDirectories(outDir).Length);
    }

    [Fact]
    public void Without_out_only_addresses_are_printed()
    {
        using var tmp = new TempDir();
        var r = CliRunner.Run("keygen", "--prefix", "b", "--count", "2");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            Assert.True(OnionAddress.TryParse(line, out var address, out var error), error);
            Assert.StartsWith("b", address.ServiceId);
        }
    }

    [Fact]
    public void Without_prefix_random_keys_are_generated()
    {
        var r = CliRunner.Run("keygen", "--count", "2", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, data[0].GetProperty("directory").ValueKind);
        Assert.True(OnionAddress.TryParse(data[0].GetProperty("address").GetString()!, out _, out _));
        Assert.NotEqual(data[0].GetProperty("address").GetString(), data[1].GetProperty("address").GetString());
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--threads", "-1")]
    public void Bad_numbers_are_usage_errors(string option, string value)
    {
        var r = CliRunner.Run("keygen", "--prefix", "a", option, value);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(option, r.Stderr);
    }

    [Fact]
    public void Bench_reports_candidates_per_second()
    {
        var r = CliRunner.Run("keygen", "--bench", "--seconds", "0.5", "--threads", "1", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal(1, data.GetProperty("threads").GetInt32());
        // The figures agree with each other and with the time asked for, not merely "some".
        var seconds = data.GetProperty("seconds").GetDouble();
        var candidates = data.GetProperty("candidates").GetInt64();
        Assert.InRange(seconds, 0.45, 30);
        Assert.True(candidates > 0);
        Assert.Equal(candidates / seconds, data.GetProperty("candidates_per_second").GetDouble(), candidates / seconds * 0.01 + 1);
        Assert.Equal(data.GetProperty("candidates_per_second").GetDouble(), data.GetProperty("candidates_per_second_per_thread").GetDouble(), 1.0);
    }

    [Fact]
    public void Bench_takes_no_prefix()
    {
        var r = CliRunner.Run("keygen", "--bench", "--prefix", "a");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
    }

    [Fact]
    public void Interrupting_keeps_what_was_found_and_exits_130()
    {
        // An infeasible prefix with an already cancelled token: nothing found, exit 130, a warning, nothing written.
        using var tmp = new TempDir();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var o = new StringWriter();
        var e = new StringWriter();
        var request = new KeygenRequest(["onionsonionsonions"], 1, tmp["hs"], 1, false);
        var code = KeygenRun.Run(request, o, e, cts.Token);
        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains("warning", e.ToString());
        Assert.Contains("interrupted after 0 of 1", e.ToString());
        Assert.False(Directory.Exists(tmp["hs"]));
    }
}
