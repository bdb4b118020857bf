using System.Globalization;
using OnionGroove.Demo;
using OnionGroove.Demo.Capacity;
using OnionGroove.TestNetwork;

namespace OnionGroove.Benchmarks.Capacity;

/// <summary>`OnionGroove.Benchmarks capacity SCENARIO [options]`: runs one capacity scenario of
/// <see cref="OnionGroove.Demo.Capacity"/> on a private Tor network and prints its table (or
/// --json). docs/capacity.md has the figures and the commands that produced them.</summary>
internal static class CapacityMain
{
    private const string Usage = """
        usage: OnionGroove.Benchmarks capacity SCENARIO [options] [--json] [--out FILE]
          throughput  [--streams 1,4,16,64] [--window 20] [--rounds 2]
                      requests/s and latency through one backend tor as concurrent visitors grow
          services    [--services 1,10,100,500] [--settle 600] [--window 480] [--rounds 1] [--dir-stall 300] [--tor-log DIR]
                      one tor hosting N onion services (ADD_ONION): CPU, RSS, descriptor uploads
                      (the default window is one time period of the private network); --dir-stall S:
                      the service tor's TestingDirConnectionMaxStall (30 is the test-network value that
                      drops upload connections waiting for circuits); --tor-log DIR: every tor also
                      logs at info level into DIR
          balancer    [--sites 1,100,1000] [--window 60] [--reach-limit 300] [--drop-limit 300] [--rounds 1]
                      `oniongroove balancer run` serving N sites: CPU, RSS, time to drop a dead backend
          pow-flood   --backend-tor PATH [--attacker-tor PATH] [--phases pow,withheld,off] [--baseline 60] [--flood 480]
                      [--attackers 4] [--workers 8] [--attempt-timeout 20] [--max-attempts 50000] [--every 5]
                      [--visit-timeout 30] [--queue-rate 2] [--queue-burst 4]
                      a balanced site with 2 PoW backends under a bounded introduction flood: a visitor's success
                      and latency, the backends' suggested effort (docs/pow.md); --backend-tor: a tor verifying PoW
                      for the frontend (needed by phase pow), --attacker-tor: e.g. a tor built without the pow module
        times are in seconds; --json prints the report as JSON (the table goes to stderr then);
        --out FILE also writes the JSON to FILE.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        var scenario = args[0];
        var options = new Dictionary<string, string>();
        var json = false;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--json") { json = true; continue; }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                return Fail($"unexpected argument {args[i]}");
            options[args[i][2..]] = args[++i];
        }
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        var progress = json ? Console.Error : Console.Out;
        void Log(string m) { lock (progress) progress.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {m}"); }
        try
        {
            CapacityReport report;
            switch (scenario)
            {
                case "throughput":
                {
                    var d = ThroughputScenario.Parameters.Default;
                    var p = new ThroughputScenario.Parameters(Ints(options, "streams", d.Streams), Seconds(options, "window", d.Window),
                        Int(options, "rounds", d.Rounds));
                    Check(options, "streams", "window", "rounds", "out");
                    report = await ThroughputScenario.RunAsync(p, Log, cts.Token);
                    break;
                }
                case "services":
                {
                    var d = ServicesScenario.Parameters.Default;
                    var p = new ServicesScenario.Parameters(Ints(options, "services", d.Counts), Seconds(options, "settle", d.Settle),
                        Seconds(options, "window", d.Window), Int(options, "rounds", d.Rounds),
                        options.TryGetValue("tor-log", out var logDir) ? Path.GetFullPath(logDir) : null,
                        Int(options, "dir-stall", d.DirStallSeconds));
                    Check(options, "services", "settle", "window", "rounds", "tor-log", "dir-stall", "out");
                    // tor refuses TestingDirConnectionMaxStall below 5 s and calls more than an hour insane.
                    if (p.DirStallSeconds is < 5 or > 3600) throw new ArgumentException("--dir-stall: expected 5 to 3600 seconds");
                    report = await ServicesScenario.RunAsync(p, Log, cts.Token);
                    break;
                }
                case "balancer":
                {
                    var d = BalancerScenario.Parameters.Default;
                    var p = new BalancerScenario.Parameters(Ints(options, "sites", d.Sites), Seconds(options, "window", d.Window),
                        Seconds(options, "reach-limit", d.ReachLimit), Seconds(options, "drop-limit", d.DropLimit), Int(options, "rounds", d.Rounds));
                    Check(options, "sites", "window", "reach-limit", "drop-limit", "rounds", "out");
                    if (p.Sites.Any(s => s < 1)) throw new ArgumentException("--sites: each count must be at least 1");
                    report = await BalancerScenario.RunAsync(p, Self(), Log, cts.Token);
                    break;
                }
                case "pow-flood":
                {
                    var d = PowFloodScenario.Parameters.Default;
                    var p = new PowFloodScenario.Parameters(Phases(options, d.Phases), Executable(options, "backend-tor"), Executable(options, "attacker-tor"),
                        Seconds(options, "baseline", d.Baseline), Seconds(options, "flood", d.Flood), d.Bucket,
                        Int(options, "attackers", d.Attackers), Int(options, "workers", d.Workers), Seconds(options, "attempt-timeout", d.AttemptTimeout),
                        Int(options, "max-attempts", d.MaxAttempts), Seconds(options, "every", d.Every), Seconds(options, "visit-timeout", d.VisitTimeout),
                        Int(options, "queue-rate", d.QueueRate), Int(options, "queue-burst", d.QueueBurst));
                    Check(options, "backend-tor", "attacker-tor", "phases", "baseline", "flood", "attackers", "workers", "attempt-timeout",
                        "max-attempts", "every", "visit-timeout", "queue-rate", "queue-burst", "out");
                    if (p.Flood > TimeSpan.FromMinutes(30) || p.Attackers > 8 || p.Workers > 64)
                        throw new ArgumentException("the flood is bounded: --flood at most 1800 s, --attackers at most 8, --workers at most 64");
                    if (p.QueueBurst < p.QueueRate) throw new ArgumentException("--queue-burst must be at least --queue-rate (tor ignores the rate limit otherwise)");
                    report = await PowFloodScenario.RunAsync(p, Log, cts.Token);
                    break;
                }
                default:
                    return Fail($"unknown scenario {scenario}");
            }
            if (json) await Console.Out.WriteLineAsync(report.ToJson());
            await progress.WriteLineAsync(report.ToMarkdown());
            if (options.TryGetValue("out", out var file)) await File.WriteAllTextAsync(file, report.ToJson() + "\n");
            return 0;
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is DemoException or TorNetworkException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"capacity: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("capacity: interrupted");
            return 130;
        }
    }

    /// <summary>The balancer as a process: this program again, whose `cli` mode runs the oniongroove
    /// command line (so `balancer run` is the real command, in its own process).</summary>
    private static DemoBench.Contender Self()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? DemoBench.OurBalancer(path, [typeof(CapacityMain).Assembly.Location, "cli"])
            : DemoBench.OurBalancer(path, ["cli"]);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"capacity: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static void Check(Dictionary<string, string> options, params string[] known)
    {
        foreach (var k in options.Keys)
            if (!known.Contains(k)) throw new ArgumentException($"--{k} does not apply to this scenario");
    }

    private static int Int(Dictionary<string, string> o, string name, int fallback) =>
        !o.TryGetValue(name, out var v) ? fallback
        : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000 ? n
        : throw new ArgumentException($"--{name}: expected a positive whole number, got {v}");

    private static IReadOnlyList<int> Ints(Dictionary<string, string> o, string name, IReadOnlyList<int> fallback) =>
        !o.TryGetValue(name, out var v) ? fallback
        : v.Split(',').Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000 ? n
            : throw new ArgumentException($"--{name}: expected positive whole numbers separated by commas, got {v}")).ToList();

    private static IReadOnlyList<PowFloodScenario.Phase> Phases(Dictionary<string, string> o, IReadOnlyList<PowFloodScenario.Phase> fallback) =>
        !o.TryGetValue("phases", out var v) ? fallback
        : v.Split(',').Select(s => s.Length > 0 && !char.IsDigit(s[0]) && Enum.TryParse<PowFloodScenario.Phase>(s, ignoreCase: true, out var x) && Enum.IsDefined(x) ? x
            : throw new ArgumentException($"--phases: expected pow, withheld and/or off separated by commas, got {v}")).Distinct().ToList();

    private static string? Executable(Dictionary<string, string> o, string name) =>
        !o.TryGetValue(name, out var v) ? null
        : File.Exists(v) ? Path.GetFullPath(v) : throw new ArgumentException($"--{name}: no such file {v}");

    private static TimeSpan Seconds(Dictionary<string, string> o, string name, TimeSpan fallback) =>
        TimeSpan.FromSeconds(Int(o, name, (int)fallback.TotalSeconds));
}
