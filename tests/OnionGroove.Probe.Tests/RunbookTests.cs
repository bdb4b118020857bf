using OnionGroove.Cli;
using OnionGroove.TestSupport;

namespace OnionGroove.Probe.Tests;

/// <summary>docs/operations.md promises that each step is a command that exists: every
/// `oniongroove …` line of its code blocks must parse against the real command tree, and every
/// playbook it runs must exist.</summary>
public sealed class RunbookTests
{
    private static readonly string Runbook = Path.Combine(SharedFiles.RepoRoot, "docs", "operations.md");

    private static IEnumerable<string> CommandLines()
    {
        var inBlock = false;
        foreach (var raw in File.ReadLines(Runbook))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal)) { inBlock = !inBlock; continue; }
            if (!inBlock) continue;
            var hash = line.IndexOf(" #", StringComparison.Ordinal);
            if (hash >= 0) line = line[..hash].Trim();
            foreach (var part in line.Split("&&", StringSplitOptions.TrimEntries)) if (part.Length > 0) yield return part;
        }
    }

    [Fact]
    public void Every_oniongroove_command_in_the_runbook_parses()
    {
        var commands = CommandLines().Where(l => l.StartsWith("oniongroove ", StringComparison.Ordinal)).ToList();
        Assert.True(commands.Count >= 20, $"only {commands.Count} commands found");
        var root = CliApp.BuildRoot();
        var broken = commands.Select(c => (c, root.Parse(c.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]).Errors))
            .Where(x => x.Errors.Count > 0).Select(x => $"{x.c}: {string.Join("; ", x.Errors.Select(e => e.Message))}").ToList();
        Assert.Empty(broken);
    }

    [Fact]
    public void Every_playbook_in_the_runbook_exists()
    {
        var playbooks = CommandLines().Where(l => l.StartsWith("ansible-playbook ", StringComparison.Ordinal))
            .Select(l => l.Split(' ').First(a => a.EndsWith(".yml", StringComparison.Ordinal))).Distinct().ToList();
        Assert.NotEmpty(playbooks);
        Assert.All(playbooks, p => Assert.True(File.Exists(Path.Combine(SharedFiles.RepoRoot, p)), $"{p} does not exist"));
    }
}
