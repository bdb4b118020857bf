using System.Diagnostics;
using OnionGroove.TestNetwork;

namespace OnionGroove.Demo.Capacity;

/// <summary>Scenario "pow-flood" (issue 16): a balanced site (two backends behind the balancer) under
/// a bounded flood of introduction requests from loopback tor clients, while a legitimate visitor
/// fetches the page every few seconds. One phase per defence setting, each on a fresh private
/// network: the visitor's success rate and latency, the flood's rate, and each backend tor's own
/// suggested effort and queue (its MetricsPort) per bucket of time. tor recomputes the suggested
/// effort every 5 minutes (HS_UPDATE_PERIOD, hs_pow.h, fixed even with TestingTorNetwork), so a
/// phase floods for longer than that.</summary>
public static class PowFloodScenario
{
    /// <summary>Pow: backends with the defence on, pow-params published (backends must run a tor
    /// verifying solutions for the frontend). Withheld: the same backends' defence (queue, rate
    /// limit) but pow-params withheld, as with stock tor. Off: no defence on the backends.</summary>
    public enum Phase { Pow = 1, Withheld = 2, Off = 3 }

    public sealed record Parameters(
        IReadOnlyList<Phase> Phases, string? BackendTor, string? AttackerTor, TimeSpan Baseline, TimeSpan Flood, TimeSpan Bucket,
        int Attackers, int Workers, TimeSpan AttemptTimeout, int MaxAttempts, TimeSpan Every, TimeSpan VisitTimeout, int QueueRate, int QueueBurst)
    {
        public static readonly Parameters Default = new([Phase.Pow, Phase.Withheld, Phase.Off], null, null,
            TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(480), TimeSpan.FromSeconds(60),
            4, 8, TimeSpan.FromSeconds(20), 50_000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 2, 4);
    }

    public static readonly IReadOnlyList<string> Columns =
    [
        "phase", "minute", "visits", "visits_ok", "ok_pct", "ok_p50_ms", "ok_p90_ms", "ok_from_flooded", "solved", "solved_max_effort",
        "flood_attempts", "flood_ok", "intro2_per_s", "flooded_backends", "queue_max", "effort_min", "effort_max", "effort_in_descriptors", "load",
    ];

    public static async Task<CapacityReport> RunAsync(Parameters p, Action<string> log, CancellationToken ct)
    {
        if (p.Phases.Contains(Phase.Pow) && p.BackendTor is null)
            throw new ArgumentException("phase pow needs --backend-tor: a tor that verifies PoW solutions made for the frontend (docs/pow.md)");
        var machine = MachineInfo.Read();
        var rows = new List<IReadOnlyList<double?>>();
        foreach (var phase in p.Phases) rows.AddRange(await RunPhaseAsync(p, phase, log, ct));
        return new CapacityReport("pow-flood",
            new Dictionary<string, string>
            {
                ["phases"] = string.Join(',', p.Phases.Select(x => x.ToString().ToLowerInvariant())),
                ["backend_tor"] = p.BackendTor ?? "tor", ["attacker_tor"] = p.AttackerTor ?? "tor",
                ["baseline_s"] = S(p.Baseline), ["flood_s"] = S(p.Flood), ["attackers"] = p.Attackers.ToString(), ["workers"] = p.Workers.ToString(),
                ["attempt_timeout_s"] = S(p.AttemptTimeout), ["max_attempts"] = p.MaxAttempts.ToString(), ["every_s"] = S(p.Every),
                ["visit_timeout_s"] = S(p.VisitTimeout), ["queue_rate"] = p.QueueRate.ToString(), ["queue_burst"] = p.QueueBurst.ToString(),
            },
            machine.Finished(), Columns, rows,
            [
                "phase 1 = pow (backends' defence on, pow-params published; backends run --backend-tor), 2 = withheld (defence on, " +
                "pow-params withheld as with stock tor), 3 = off (no defence); each phase on a fresh private network (3 authorities, 5 relays), " +
                "2 backends behind the in-process balancer, every process on this machine",
                "minute 0 = before the flood; 1.. = minutes of flood; a row with no minute = the whole flood",
                "visits = the legitimate visitor's fetches started in that minute (one every every_s, each on a new circuit, bounded by " +
                "visit_timeout_s); ok_p50/p90 = latency of the answered ones; ok_from_flooded = answered visits served by a backend that " +
                "was flooded in that minute; solved = PoW puzzles its tor solved (its log)",
                "flood = attackers tor clients (attacker_tor) x workers, each attempt a new circuit and INTRODUCE1, bounded by " +
                "attempt_timeout_s, flood_s and max_attempts; intro2_per_s = INTRODUCE2 cells the backends received (tor_hs_intro_num_total); " +
                $"flooded_backends = backends that received more than {FloodedRate} INTRODUCE2 per second in the minute (each tor client, attackers " +
                "included, uses the one frontend descriptor it fetched, and with PoW on each descriptor lists one backend)",
                "effort_min/max = the backends' own tor_hs_pow_suggested_effort at the end of the minute (MetricsPort); effort_in_descriptors = " +
                "the highest pow-params effort in the backends' descriptors as the balancer has them; queue_max = tor_hs_rdv_pow_pqueue_count summed over backends",
            ]);
    }

    /// <summary>INTRODUCE2 per second above which a backend counts as flooded (the visitor alone sends one per every_s).</summary>
    private const double FloodedRate = 1.0;

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("0");

    private static async Task<List<IReadOnlyList<double?>>> RunPhaseAsync(Parameters p, Phase phase, Action<string> log, CancellationToken ct)
    {
        log($"phase {phase}: starting the network, two backends and the balancer…");
        var metricsPorts = new Dictionary<string, int> { ["web1"] = LoopbackPorts.Next(), ["web2"] = LoopbackPorts.Next() };
        var names = metricsPorts.Keys.ToList();
        await using var stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2,
            HealthChecks = false, // a flooded backend must not be dropped for a slow probe: the comparison needs both
            Log = m => log($"  {m}"),
            DaemonLogToFile = true,
            BackendTorrcLines = phase == Phase.Off ? [] :
                ["HiddenServicePoWDefensesEnabled 1", $"HiddenServicePoWQueueRate {p.QueueRate}", $"HiddenServicePoWQueueBurst {p.QueueBurst}"],
            BackendTorrcLinesOf = name => BackendPowMetrics.TorrcLines(metricsPorts[name]),
            BackendTorPath = phase == Phase.Pow ? p.BackendTor : null,
            ServiceConfigLines = phase switch
            {
                Phase.Pow => ["pow: follow", "pow_backends_verify_frontend: true"],
                Phase.Withheld => ["pow: follow"],
                _ => [],
            },
        }, ct);
        var url = new Uri($"http://{stack.Frontend}/");
        await stack.WaitReachableAsync(TimeSpan.FromMinutes(4), ct);
        log($"phase {phase}: {stack.Frontend} answers; starting the visitor and {p.Attackers} attacker tor client(s)…");

        var visitorLog = Path.Combine(stack.BaseDirectory, "visitor-rend.log");
        var visitorTor = await stack.Network.StartTorAsync([$"Log [rend]info file {visitorLog}"], name: "visitor", socks: true, ct);
        var attackers = new List<TorProcess>();
        for (var i = 1; i <= p.Attackers; i++)
            attackers.Add(await stack.Network.StartTorAsync([], name: $"attacker{i}", socks: true, ct, torPath: p.AttackerTor));
        foreach (var t in attackers.Prepend(visitorTor)) await stack.Network.WaitForBootstrapAsync(t, ct);

        var visitor = new LegitimateVisitor(visitorTor, visitorLog, url, p.Every, p.VisitTimeout);
        var flood = new IntroFlood(attackers, url, p.Workers, p.AttemptTimeout, p.MaxAttempts);
        var clock = Stopwatch.StartNew();
        var visiting = visitor.RunAsync(p.Baseline + p.Flood, ct);
        var snapshots = new List<Snapshot> { await SnapshotAsync(stack, names.Select(n => metricsPorts[n]), flood, visitor, ct) };
        var flooding = Task.CompletedTask;
        var boundaries = new List<TimeSpan> { p.Baseline };
        for (var t = p.Baseline + p.Bucket; t < p.Baseline + p.Flood; t += p.Bucket) boundaries.Add(t);
        boundaries.Add(p.Baseline + p.Flood);
        foreach (var until in boundaries)
        {
            var wait = until - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            var s = await SnapshotAsync(stack, names.Select(n => metricsPorts[n]), flood, visitor, ct);
            snapshots.Add(s);
            if (until == p.Baseline)
            {
                log($"phase {phase}: flooding for {p.Flood.TotalSeconds:0} s…");
                flooding = flood.RunAsync(p.Flood, ct);
            }
            log($"phase {phase} {until.TotalSeconds:0}s: " + Describe(s, visitor.Visits.Where(v => v.StartedAt >= until - p.Bucket && v.StartedAt < until)));
        }
        await flooding;
        await visiting;
        log($"phase {phase}: done");
        return Rows(phase, p, names, snapshots, boundaries, visitor.Visits);
    }

    private static string Describe(Snapshot s, IEnumerable<LegitimateVisitor.Visit> visits)
    {
        string Each(Func<BackendPowMetrics, double?> value) => string.Join(',', s.Backends.Select(b => b is null ? "-" : value(b)?.ToString() ?? "-"));
        return $"flood {s.Flood.Attempts} attempts ({s.Flood.Answered} answered), efforts {Each(b => b.SuggestedEffort)}, " +
            $"queue {Each(b => b.QueueLength)}, introductions {Each(b => b.Introductions)}, visitor solved {s.Solved.Count} " +
            $"(max effort {s.Solved.MaxEffort}), answered by {string.Join(',', visits.GroupBy(v => v.Backend ?? "none").Select(g => $"{g.Key}:{g.Count()}"))}";
    }

    private sealed record Snapshot((long Attempts, long Answered) Flood, IReadOnlyList<BackendPowMetrics?> Backends,
        (int Count, int MaxEffort) Solved, long? DescriptorEffort, double Load);

    private static async Task<Snapshot> SnapshotAsync(DemoStack stack, IEnumerable<int> metricsPorts, IntroFlood flood,
        LegitimateVisitor visitor, CancellationToken ct)
    {
        var backends = await Task.WhenAll(metricsPorts.Select(port => BackendPowMetrics.ReadAsync(port, ct)));
        var status = stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0];
        return new Snapshot(flood.Counts, backends, visitor.SolvedSinceLastCall(),
            status.Backends.Max(b => b.PowEffort), MachineInfo.LoadAverage());
    }

    /// <summary>One row per bucket (0 = before the flood) and one for the whole flood.</summary>
    private static List<IReadOnlyList<double?>> Rows(Phase phase, Parameters p, List<string> names, List<Snapshot> snaps, List<TimeSpan> boundaries,
        IReadOnlyList<LegitimateVisitor.Visit> visits)
    {
        var rows = new List<IReadOnlyList<double?>>();
        var starts = new List<TimeSpan> { TimeSpan.Zero };
        starts.AddRange(boundaries);
        for (var k = 1; k < snaps.Count; k++)
        {
            var (from, to) = (starts[k - 1], starts[k]);
            var inBucket = visits.Where(v => v.StartedAt >= from && v.StartedAt < to).ToList();
            rows.Add(Row(phase, k - 1, names, inBucket, snaps[k - 1], snaps[k], to - from, [snaps[k]]));
        }
        var floodVisits = visits.Where(v => v.StartedAt >= p.Baseline).ToList();
        // The whole flood: ok_from_flooded counts each visit against the minute it started in.
        var whole = Row(phase, null, names, floodVisits, snaps[1], snaps[^1], p.Flood, snaps.Skip(2).ToList());
        whole[Columns.ToList().IndexOf("ok_from_flooded")] = rows.Skip(1).Sum(r => r[Columns.ToList().IndexOf("ok_from_flooded")] ?? 0);
        rows.Add(whole);
        return rows;
    }

    private static double?[] Row(Phase phase, int? minute, List<string> names, List<LegitimateVisitor.Visit> visits, Snapshot before,
        Snapshot after, TimeSpan span, IReadOnlyList<Snapshot> during)
    {
        var flooded = names.Where((_, i) => after.Backends[i]?.Introductions is { } a && before.Backends[i]?.Introductions is { } b
            && (a - b) / span.TotalSeconds > FloodedRate).ToHashSet();
        var okFromFlooded = visits.Count(v => v.Backend is { } who && flooded.Contains(who));
        var ok = visits.Where(v => v.Answered).Select(v => v.Milliseconds).Order().ToList();
        double? intro = after.Backends.All(b => b?.Introductions is not null) && before.Backends.All(b => b?.Introductions is not null)
            ? (after.Backends.Sum(b => b!.Introductions!.Value) - before.Backends.Sum(b => b!.Introductions!.Value)) / span.TotalSeconds
            : null;
        var efforts = during.SelectMany(s => s.Backends.Select(b => b?.SuggestedEffort)).OfType<double>().ToList();
        var queues = during.Select(s => s.Backends.Select(b => b?.QueueLength).OfType<double>().Sum()).ToList();
        var solved = during.Sum(s => s.Solved.Count);
        var descriptorEfforts = during.Select(s => s.DescriptorEffort).OfType<long>().ToList();
        return
        [
            (int)phase, minute, visits.Count, ok.Count, visits.Count == 0 ? null : 100.0 * ok.Count / visits.Count,
            Percentiles.Of(ok, 50), Percentiles.Of(ok, 90), okFromFlooded, solved, solved == 0 ? null : during.Max(s => s.Solved.MaxEffort),
            after.Flood.Attempts - before.Flood.Attempts, after.Flood.Answered - before.Flood.Answered, intro, flooded.Count,
            queues.Count == 0 ? null : queues.Max(), efforts.Count == 0 ? null : efforts.Min(), efforts.Count == 0 ? null : efforts.Max(),
            descriptorEfforts.Count == 0 ? null : descriptorEfforts.Max(), after.Load,
        ];
    }
}
