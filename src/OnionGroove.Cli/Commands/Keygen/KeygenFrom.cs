using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Cli.Commands.Keygen;

/// <summary>`keygen --from PUBKEY --prefix P`: the split-key search. It knows only a public key and
/// prints offsets; whoever holds the secret key applies one with `keygen --apply-offset`.</summary>
internal static class KeygenFrom
{
    private sealed record Entry(string Address, string Offset, string Prefix, string From);

    public static int Run(KeygenRequest request, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        request.CheckNumbers();
        if (request.OutDir is not null)
            throw new CliError(ExitCodes.Usage, "--from searches knowing only a public key, so there is no secret key to write with --out",
                "run `oniongroove keygen --apply-offset OFFSET --key DIR --expect ADDRESS --out NEWDIR` where the secret key is");
        if (request.ApplyOffset is not null || request.KeyPath is not null || request.Expect is not null)
            throw new CliError(ExitCodes.Usage, "--from searches; --apply-offset, --key and --expect apply a found offset, in a separate run");
        var from = KeygenPublicKeyArg.Parse(request.From!);
        var prefixes = request.Prefixes();
        if (prefixes.Count == 0) throw new CliError(ExitCodes.Usage, "--from needs at least one --prefix (or --prefix-file)");
        KeygenRun.WarnInfeasible(prefixes, stderr);

        var entries = new List<Entry>();
        var line = new ProgressLine(stderr, ProgressLine.IsTerminal(stderr), VanityPrefix.MatchProbability(prefixes), request.Count, prefixes.Count);
        var result = VanitySearch.RunFrom(from, new VanityOptions { Prefixes = prefixes, Count = request.Count, Threads = request.Threads }, m =>
        {
            line.Clear();
            var entry = new Entry(m.Address.ToString(), m.Offset.ToString(), m.Prefix.Text, from.Address.ToString());
            entries.Add(entry);
            if (!request.Json) stdout.WriteLine($"{entry.Address}\t{entry.Offset}");
            stdout.Flush();
        }, line, ct);
        line.Clear();

        if (request.Json)
            JsonOutput.Write(stdout, entries.Select(e => new { address = e.Address, offset = e.Offset, prefix = e.Prefix, from = e.From }));
        else if (entries.Count > 0)
            stderr.WriteLine($"oniongroove: each line is ADDRESS<TAB>OFFSET for the key of {from.Address}; where that secret key is, run: " +
                             $"oniongroove keygen --apply-offset OFFSET --key <its HiddenServiceDir> --expect ADDRESS --out <new folder>");
        if (result.Cancelled)
        {
            stderr.WriteLine($"oniongroove: interrupted after {entries.Count} of {request.Count} offset(s)");
            return ExitCodes.Interrupted;
        }
        return ExitCodes.Ok;
    }
}
