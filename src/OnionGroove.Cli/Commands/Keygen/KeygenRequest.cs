using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Cli.Commands.Keygen;

/// <summary>The keygen command line after parsing, checked as a whole.</summary>
internal sealed record KeygenRequest(string[] PrefixTexts, int Count, string? OutDir, int Threads, bool Json)
{
    /// <summary>The parsed prefixes, or a usage error naming the bad one.</summary>
    public IReadOnlyList<VanityPrefix> Prefixes()
    {
        var result = new List<VanityPrefix>();
        foreach (var text in PrefixTexts)
        {
            if (!VanityPrefix.Parse(text).TryGet(out var p, out var problem))
                throw new CliError(ExitCodes.Usage, problem.Message, "onion addresses use the base32 alphabet: a-z and 2-7 (no 0, 1, 8, 9)");
            if (!result.Any(r => r.Text == p.Text)) result.Add(p);
        }
        return result;
    }

    public void CheckNumbers()
    {
        if (Count < 1) throw new CliError(ExitCodes.Usage, $"--count must be at least 1, got {Count}");
        if (Threads < 0) throw new CliError(ExitCodes.Usage, $"--threads must be 0 (one per processor) or more, got {Threads}");
        if (Threads > 1024) throw new CliError(ExitCodes.Usage, $"--threads {Threads} is more than any machine here has");
    }
}
