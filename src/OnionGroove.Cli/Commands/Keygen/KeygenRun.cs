using OnionGroove.Crypto;
using OnionGroove.Crypto.Vanity;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Cli.Commands.Keygen;

/// <summary>Generates the keys (plain or vanity), writes or prints them as they are found.</summary>
internal static class KeygenRun
{
    private sealed record Entry(string Address, string? Directory, string? Prefix);

    public static int Run(KeygenRequest request, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        request.CheckNumbers();
        request.RefuseSplitKeyOptions("a key search with its secret keys (use --from PUBKEY to search without them)");
        var prefixes = request.Prefixes();
        var dirs = request.OutDir is { } o ? new KeyFolders(o, request.Count) : null;
        if (dirs?.CheckWritable() is { } refused) throw Refused(refused);
        WarnInfeasible(prefixes, stderr);

        var entries = new List<Entry>();
        void Emit(IdentitySecretKey key, VanityPrefix? prefix)
        {
            string? dir = null;
            if (dirs is not null) dir = dirs.Write(key).TryGet(out var written, out var refusal) ? written : throw Refused(refusal);
            var entry = new Entry(key.Address.ToString(), dir, prefix?.Text);
            entries.Add(entry);
            if (!request.Json) stdout.WriteLine(dir is null ? entry.Address : $"{entry.Address}\t{dir}");
            stdout.Flush();
        }

        var interrupted = false;
        if (prefixes.Count == 0)
        {
            // No prefix: an ordinary random key per address, nothing to search for.
            for (var i = 0; i < request.Count && !ct.IsCancellationRequested; i++)
            {
                using var key = IdentitySecretKey.Generate();
                Emit(key, null);
            }
            interrupted = entries.Count < request.Count;
        }
        else
        {
            var line = new ProgressLine(stderr, ProgressLine.IsTerminal(stderr), VanityPrefix.MatchProbability(prefixes), request.Count, prefixes.Count);
            var result = VanitySearch.Run(new VanityOptions
            {
                Prefixes = prefixes,
                Count = request.Count,
                Threads = request.Threads,
                OnMatch = m =>
                {
                    line.Clear();
                    using (m.Key) Emit(m.Key, m.Prefix);
                },
            }, line, ct);
            line.Clear();
            interrupted = result.Cancelled;
        }

        if (request.Json)
        {
            JsonOutput.Write(stdout, entries.Select(e => new { address = e.Address, directory = e.Directory, prefix = e.Prefix }));
        }
        if (interrupted)
        {
            stderr.WriteLine($"oniongroove: interrupted after {entries.Count} of {request.Count} key(s)" +
                             (entries.Count > 0 && dirs is not null ? "; the keys found so far are written" : ""));
            return ExitCodes.Interrupted;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Warns about prefixes no search will find in a lifetime (the search still runs).</summary>
    internal static void WarnInfeasible(IEnumerable<VanityPrefix> prefixes, TextWriter stderr)
    {
        foreach (var p in prefixes.Where(p => p.IsInfeasible))
            stderr.WriteLine($"oniongroove: warning: prefix \"{p.Text}\" has {p.Text.Length} characters; finding it takes about 32^{p.Text.Length} ≈ {p.ExpectedCandidates:0.#e+0} candidates, far beyond what this machine can try in a lifetime");
    }

    internal static CliError Refused(KeyFolders.Refusal r) => r.Kind switch
    {
        KeyFolders.RefusalKind.IsAFile => new CliError(ExitCodes.Failure, $"{r.Path} exists and is a file, not a folder", "choose a folder path for --out"),
        KeyFolders.RefusalKind.NotEmpty => new CliError(ExitCodes.Failure, $"{r.Path} already exists and is not empty; refusing to overwrite a key folder",
            "choose a new folder for --out, or move the old one away first"),
        _ => new CliError(ExitCodes.Failure, $"{r.Path} already exists; refusing to overwrite a key folder"),
    };
}
