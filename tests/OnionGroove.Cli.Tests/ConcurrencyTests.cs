using OnionGroove.TestSupport;
using static OnionGroove.Cli.Tests.VaultCliKit;

namespace OnionGroove.Cli.Tests;

/// <summary>
/// Two oniongroove processes changing the same clone at once (two terminals, a script). Without
/// the vault lock, `site add x1 & site add y1` lost x1 in 3 of 8 rounds while both reported
/// success, and a commit named "site add y7" held x7's manifest.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Rounds = 8;

    [Fact]
    public void Concurrent_site_adds_all_land_each_in_its_own_commit()
    {
        using var tmp = new TempDir("og-conc");
        var alice = TestKey.Age(tmp.Path, "alice");
        var v = tmp["vault"];
        Ok("init", v, "--name", "alice", "--recipient", alice.Recipient);

        for (var round = 1; round <= Rounds; round++)
        {
            var both = new[] { $"x{round}", $"y{round}" }
                .Select(site => OgProcess.Start(["site", "add", site, "--backends", "1", "-C", v])).ToList();
            foreach (var p in both)
            {
                var stderr = p.StandardError.ReadToEndAsync();
                p.StandardOutput.ReadToEnd();
                Assert.True(p.WaitForExit(TimeSpan.FromSeconds(120)), "site add hung");
                Assert.True(p.ExitCode == 0, $"round {round}: exit {p.ExitCode}: {stderr.Result}");
                p.Dispose();
            }
        }

        // Every add landed, and nothing is orphaned or missing (audit checks both, and decrypts all).
        var sites = Data(Ok("site", "list", "--json", "-C", v)).EnumerateArray().Select(s => s.GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, Rounds).SelectMany(i => new[] { $"x{i}", $"y{i}" }).Order(), sites);
        var audit = Data(Ok("audit", "--json", "-C", v, "-i", alice.File));
        Assert.True(audit.GetProperty("ok").GetBoolean(), audit.ToString());

        // Each commit holds exactly its own change: the site its message names, and only its files.
        var commits = IsolatedGit.Ok(v, "log", "--format=%H %s", "--reverse").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(2 * Rounds, commits.Count);
        foreach (var line in commits)
        {
            var (hash, subject) = (line[..40], line[41..]);
            var site = subject.Split(' ')[2].TrimEnd(':');
            Assert.StartsWith("site add ", subject);
            var files = IsolatedGit.Ok(v, "show", "--name-only", "--format=", hash).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(files, f => Assert.True(f == "oniongroove.yaml" || f.StartsWith($"secrets/{site}/", StringComparison.Ordinal), $"{subject} touched {f}"));
            var before = SiteNames(IsolatedGit.Ok(v, "show", $"{hash}~1:oniongroove.yaml"));
            var after = SiteNames(IsolatedGit.Ok(v, "show", $"{hash}:oniongroove.yaml"));
            Assert.Equal(before.Append(site).Order(), after.Order());
        }
    }

    private static IEnumerable<string> SiteNames(string manifest)
    {
        var parsed = OnionGroove.Vault.Manifest.ManifestFile.Parse(manifest);
        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        return parsed.Value.Sites.Select(s => s.Name);
    }
}
