using System.Text.Json;
using OnionGroove.Cli.Commands.Keygen;
using OnionGroove.Crypto.Vanity;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>`keygen --prefix-file`: thousands of prefixes in one search.</summary>
public class KeygenManyPrefixesTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    [Fact]
    public void A_prefix_file_of_thousands_finds_keys_for_them()
    {
        using var tmp = new TempDir();
        var rng = new Random(7);
        var prefixes = Enumerable.Range(0, 3000).Select(_ => new string(Enumerable.Range(0, 4).Select(_ => Alphabet[rng.Next(32)]).ToArray())).ToHashSet();
        var file = tmp["prefixes.txt"];
        File.WriteAllText(file, "# wanted starts\n" + string.Join("\n", prefixes.Select(p => p.ToUpperInvariant())) + "\n\n");
        var r = CliRunner.Run("keygen", "--prefix-file", file, "--count", "3", "--json", "--threads", "2");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal(3, data.GetArrayLength());
        foreach (var entry in data.EnumerateArray())
        {
            var prefix = entry.GetProperty("prefix").GetString()!;
            Assert.Contains(prefix, prefixes);
            Assert.StartsWith(prefix, entry.GetProperty("address").GetString());
        }
    }

    [Fact]
    public void A_bad_line_in_the_prefix_file_is_named()
    {
        using var tmp = new TempDir();
        var file = tmp["prefixes.txt"];
        File.WriteAllText(file, "abc\nab1\n");
        var r = CliRunner.Run("keygen", "--prefix-file", file);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("prefixes.txt:2:", r.Stderr);
        var missing = CliRunner.Run("keygen", "--prefix-file", tmp["none.txt"]);
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        File.WriteAllText(file, "# nothing\n");
        Assert.Contains("holds no prefix", CliRunner.Run("keygen", "--prefix-file", file).Stderr);
    }

    [Fact]
    public void The_progress_line_counts_the_prefixes_in_its_expected_time()
    {
        var prefixes = Enumerable.Range(0, 1024).Select(i => VanityPrefix.Parse($"{Alphabet[i / 32]}{Alphabet[i % 32]}aaaa").Value).ToList();
        var progress = new VanityProgress(1_000_000, TimeSpan.FromSeconds(1), 0, 2);
        var many = new ProgressLine(TextWriter.Null, true, VanityPrefix.MatchProbability(prefixes), 1, prefixes.Count).Format(progress);
        var one = new ProgressLine(TextWriter.Null, true, VanityPrefix.MatchProbability(prefixes[..1]), 1).Format(progress);
        // 32^6 candidates at 1 M/s: about 1 s per match for 1024 prefixes, about 18 min for one.
        Assert.Contains("1024 prefixes", many);
        Assert.Contains("next match expected in ~1 s", many);
        Assert.Contains("next match expected in ~18 min", one);
        Assert.DoesNotContain("prefixes", one);
    }
}
