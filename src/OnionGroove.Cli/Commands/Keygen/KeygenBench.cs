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
        // --prefix-file measures what that many prefixes cost next to one (their keys are never kept).
        // That is a per-candidate cost, so it runs on one thread whatever --threads says.
        if (request.PrefixFile is not null) return Compare(request.Prefixes(), seconds, request.Json, stdout, ct);
        var r = VanitySearch.Benchmark(TimeSpan.FromSeconds(seconds), threads, cancellationToken: ct);
        // CPU time too: on a shared machine the wall-clock rate says more about the neighbours.
        var cpu = r.CpuTime?.TotalSeconds ?? 0;
        var perCpuSecond = r.RatePerCpuSecond;
        if (r.Cancelled) throw new OperationCanceledException();
        if (request.Json)
        {
            JsonOutput.Write(stdout, new
            {
                threads,
                prefixes = 1,
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
            stdout.WriteLine($"{r.Rate / 1e6:0.00} M candidates/s on {threads} thread(s) ({r.Rate / threads / 1e6:0.00} M/s per thread; {r.Candidates:N0} candidates in {r.Elapsed.TotalSeconds:0.0} s)");
            stdout.WriteLine($"{perCpuSecond / 1e6:0.00} M candidates per CPU-second ({cpu:0.0} CPU-seconds used; below {threads}×{r.Elapsed.TotalSeconds:0.0} s means other processes shared the cores)");
        }
        return ExitCodes.Ok;
    }

    /// <summary>One prefix and the file's prefixes side by side, in alternating rounds of one process.</summary>
    private static int Compare(IReadOnlyList<VanityPrefix> prefixes, double seconds, bool json, TextWriter stdout, CancellationToken ct)
    {
        var c = VanityPrefixCost.Measure(prefixes, TimeSpan.FromSeconds(seconds), cancellationToken: ct);
        if (c.One.Cancelled || c.Many.Cancelled) throw new OperationCanceledException();
        if (json)
        {
            JsonOutput.Write(stdout, new
            {
                threads = 1,
                prefixes = c.PrefixCount,
                rounds = c.Rounds,
                seconds = Math.Round(c.Many.Elapsed.TotalSeconds, 3),
                candidates = c.Many.Candidates,
                candidates_per_second = Math.Round(c.Many.Rate),
                candidates_per_second_per_thread = Math.Round(c.Many.Rate),
                cpu_seconds = Math.Round(c.Many.CpuTime?.TotalSeconds ?? 0, 3),
                candidates_per_cpu_second = Math.Round(c.Many.RatePerCpuSecond),
                one_prefix = new
                {
                    seconds = Math.Round(c.One.Elapsed.TotalSeconds, 3),
                    candidates = c.One.Candidates,
                    cpu_seconds = Math.Round(c.One.CpuTime?.TotalSeconds ?? 0, 3),
                    candidates_per_cpu_second = Math.Round(c.One.RatePerCpuSecond),
                },
                many_to_one = Math.Round(c.Ratio, 4),
            });
        }
        else
        {
            stdout.WriteLine($"{c.PrefixCount} prefixes: {c.Many.RatePerCpuSecond / 1e6:0.00} M candidates per CPU-second ({c.Many.Candidates:N0} in {c.Many.CpuTime?.TotalSeconds:0.0} CPU-s)");
            stdout.WriteLine($"1 prefix:    {c.One.RatePerCpuSecond / 1e6:0.00} M candidates per CPU-second ({c.One.Candidates:N0} in {c.One.CpuTime?.TotalSeconds:0.0} CPU-s)");
            stdout.WriteLine($"many ÷ one = {c.Ratio:0.000} ({c.Rounds} alternating slices of each on one thread, CPU time of that thread)");
        }
        return ExitCodes.Ok;
    }
}
