using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Cli.Commands.Keygen;

/// <summary>`keygen --bench`: how many candidates per second the vanity search tries here.</summary>
internal static class KeygenBench
{
    public static int Run(KeygenRequest request, double seconds, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        request.CheckNumbers();
        request.RefuseSplitKeyOptions("--bench");
        if (request.PrefixTexts.Length > 0 || request.OutDir is not null || request.Count != 1)
            throw new CliError(ExitCodes.Usage, "--bench measures only; it takes --seconds, --threads, --json and --prefix-file (to measure with many prefixes)");
        if (!(seconds is > 0 and <= 3600)) throw new CliError(ExitCodes.Usage, $"--seconds must be between 0 and 3600, got {seconds}");

        var threads = request.Threads > 0 ? request.Threads : Environment.ProcessorCount;
        if (!request.Json && ProgressLine.IsTerminal(stderr))
            stderr.WriteLine($"measuring the vanity search for {seconds:0.#} s on {threads} thread(s)…");
        // --prefix-file measures the cost of that many prefixes (their keys are never kept).
        var prefixes = request.PrefixFile is null ? null : request.Prefixes();
        var r = VanitySearch.Benchmark(TimeSpan.FromSeconds(seconds), threads, prefixes: prefixes, cancellationToken: ct);
        // CPU time too: on a shared machine the wall-clock rate says more about the neighbours.
        var cpu = r.CpuTime?.TotalSeconds ?? 0;
        var perCpuSecond = r.RatePerCpuSecond;
        if (r.Cancelled) throw new OperationCanceledException();
        if (request.Json)
        {
            JsonOutput.Write(stdout, new
            {
                threads,
                prefixes = prefixes?.Count ?? 1,
                seconds = Math.Round(r.Elapsed.TotalSeconds, 3),
                candidates = r.Candidates,
                candidates_per_second = Math.Round(r.Rate),
                candidates_per_second_per_thread = Math.Round(r.Rate / threads),
                cpu_seconds = Math.Round(cpu, 3),
                candidates_per_cpu_second = Math.Round(perCpuSecond),
            });
        }
        else
        {
            stdout.WriteLine($"{r.Rate / 1e6:0.00} M candidates/s on {threads} thread(s){(prefixes is { Count: > 1 } p ? $" against {p.Count} prefixes" : "")} ({r.Rate / threads / 1e6:0.00} M/s per thread; {r.Candidates:N0} candidates in {r.Elapsed.TotalSeconds:0.0} s)");
            stdout.WriteLine($"{perCpuSecond / 1e6:0.00} M candidates per CPU-second ({cpu:0.0} CPU-seconds used; below {threads}×{r.Elapsed.TotalSeconds:0.0} s means other processes shared the cores)");
        }
        return ExitCodes.Ok;
    }
}
