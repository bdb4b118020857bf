using System.Text;
using OnionGroove.Core.IO;
using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Cli.Commands.Keygen;

/// <summary>The keygen command line after parsing, checked as a whole.</summary>
internal sealed record KeygenRequest(string[] PrefixTexts, int Count, string? OutDir, int Threads, bool Json)
{
    /// <summary>--prefix-file: more prefixes, one a line.</summary>
    public string? PrefixFile { get; init; }

    /// <summary>--from: search for offsets to this public key (split-key search).</summary>
    public string? From { get; init; }

    /// <summary>--apply-offset, with --key and --expect: derive the key a split-key search promised.</summary>
    public string? ApplyOffset { get; init; }
    public string? KeyPath { get; init; }
    public string? Expect { get; init; }

    /// <summary>A prefix file is read whole; 1 MiB holds some 80 000 prefixes.</summary>
    private const int MaxPrefixFileBytes = 1 << 20;

    /// <summary>The parsed prefixes (--prefix and --prefix-file, duplicates dropped), or a usage error naming the bad one.</summary>
    public IReadOnlyList<VanityPrefix> Prefixes()
    {
        var result = new List<VanityPrefix>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string text, string where)
        {
            if (!VanityPrefix.Parse(text).TryGet(out var p, out var problem))
                throw new CliError(ExitCodes.Usage, where + problem.Message, "onion addresses use the base32 alphabet: a-z and 2-7 (no 0, 1, 8, 9)");
            if (seen.Add(p.Text)) result.Add(p);
        }
        foreach (var text in PrefixTexts) Add(text, "");
        if (PrefixFile is { } path)
        {
            if (!SafeFile.Read(path, MaxPrefixFileBytes, followLink: true).TryGet(out var bytes, out var error))
                throw new CliError(ExitCodes.BadInput, $"--prefix-file {path}: {error.Message}");
            var lines = Encoding.UTF8.GetString(bytes).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                Add(line, $"{path}:{i + 1}: ");
            }
            if (result.Count == 0) throw new CliError(ExitCodes.BadInput, $"--prefix-file {path} holds no prefix (one a line; # starts a comment)");
        }
        return result;
    }

    public void CheckNumbers()
    {
        if (Count < 1) throw new CliError(ExitCodes.Usage, $"--count must be at least 1, got {Count}");
        if (Threads < 0) throw new CliError(ExitCodes.Usage, $"--threads must be 0 (one per processor) or more, got {Threads}");
        if (Threads > 1024) throw new CliError(ExitCodes.Usage, $"--threads {Threads} is more than any machine here has");
    }

    /// <summary>Refuses the split-key options outside their own mode.</summary>
    public void RefuseSplitKeyOptions(string mode)
    {
        foreach (var (name, value) in new[] { ("--from", From), ("--apply-offset", ApplyOffset), ("--key", KeyPath), ("--expect", Expect) })
            if (value is not null) throw new CliError(ExitCodes.Usage, $"{name} does not go with {mode}");
    }
}
