using System.Collections.Concurrent;
using System.Diagnostics;
using OnionGroove.Control.Events;

namespace OnionGroove.Demo.Capacity;

/// <summary>Scenario "balancer": `oniongroove balancer run` as its own process, attached to its own
/// tor, serving N sites (frontends) on the same 2 backends (<see cref="DemoStack"/> with extra
/// services; health checks on the first site only). For each N a fresh private network: time from
/// start to the first answer through the first site; the balancer's and its tor's CPU-seconds and
/// memory over start-up and over a steady window (with HS_DESC UPLOADED events its tor reports); then
/// a backend is killed and the time until the descriptor an HSDir serves for the first site no longer
/// lists its intro points.</summary>
public static class BalancerScenario
{
    public sealed record Parameters(IReadOnlyList<int> Sites, TimeSpan Window, TimeSpan ReachLimit, TimeSpan DropLimit, int Rounds)
    {
        public static readonly Parameters Default = new([1, 100, 1000], TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), 1);
    }

    public static readonly IReadOnlyList<string> Columns =
    [
        "round", "sites", "first_answer_s", "startup_cpu_s", "startup_tor_cpu_s", "window_s", "window_cpu_s", "window_tor_cpu_s",
        "uploads_in_window", "rss_mib", "peak_rss_mib", "tor_rss_mib", "drop_s", "total_cpu_s", "load",
    ];

    public static async Task<CapacityReport> RunAsync(Parameters p, DemoBench.Contender balancer, Action<string> log, CancellationToken ct)
    {
        var machine = MachineInfo.Read();
        var rows = new List<IReadOnlyList<double?>>();
        for (var round = 1; round <= p.Rounds; round++)
            foreach (var n in p.Sites)
                rows.Add([round, .. await MeasureAsync(n, p, balancer, m => log($"{n} sites: {m}"), ct)]);
        return new CapacityReport("balancer",
            new Dictionary<string, string>
            {
                ["sites"] = string.Join(',', p.Sites), ["window_s"] = p.Window.TotalSeconds.ToString("0"),
                ["reach_limit_s"] = p.ReachLimit.TotalSeconds.ToString("0"), ["drop_limit_s"] = p.DropLimit.TotalSeconds.ToString("0"),
                ["rounds"] = p.Rounds.ToString(),
            },
            machine.Finished(), Columns, rows,
            [
                $"balancer process: {balancer.Name}; each row a fresh private network (3 authorities + 5 relays) with 2 backends; all sites list both backends; health checks (every 5 s) on the first site",
                "startup_*: CPU-seconds from process start to the first answer through the first site; window_*: over the steady window that follows; *_tor_*: the balancer's own tor (it builds the circuits and does the uploads)",
                "drop_s: backend killed → the descriptor an HSDir serves for the first site (HSFETCH every ~6 s) no longer lists its intro points; empty = not within drop_limit_s",
                "uploads_in_window: HS_DESC UPLOADED events of the balancer's tor for any site during the window",
            ]);
    }

    /// <returns>sites, first answer s, startup CPU-s (balancer, tor), window s, window CPU-s (balancer, tor), uploads in
    /// window, RSS, peak RSS, tor RSS, drop s, total CPU-s, load.</returns>
    private static async Task<double?[]> MeasureAsync(int sites, Parameters p, DemoBench.Contender contender, Action<string> say,
        CancellationToken ct)
    {
        say("starting a private network with 2 backends…");
        await using var stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2, InProcessBalancer = false, HealthChecks = true, ExtraServices = sites - 1, Log = say,
        }, ct);
        var lbTor = await stack.Network.StartTorAsync([], name: "lb", socks: true, ct: ct);
        await stack.Network.WaitForBootstrapAsync(lbTor, ct);
        var dir = Path.GetDirectoryName(stack.ConfigPath)!;

        await using var lbControl = await lbTor.ConnectAsync(ct);
        var uploads = new ConcurrentQueue<DateTimeOffset>();
        using var sub = lbControl.SubscribeEvents(65536);
        await lbControl.SetEventsAsync(["HS_DESC"], ct);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in sub.ReadAllAsync(stopReading.Token))
                    if (e is HsDescEvent { Action: HsDescAction.Uploaded }) uploads.Enqueue(DateTimeOffset.UtcNow);
            }
            catch (OperationCanceledException) { }
        }, CancellationToken.None);

        var torCpu0 = ProcessStats.CpuSeconds(lbTor.Pid);
        var started = Stopwatch.StartNew();
        using var proc = contender.Start(stack.ConfigPath, lbTor.ControlEndpoint.ToString(), dir);
        await using var meter = new ProcessMeter(proc.Id);
        await using var torMeter = new ProcessMeter(lbTor.Pid);
        try
        {
            double? reach = null;
            while (started.Elapsed < p.ReachLimit && !proc.HasExited)
            {
                var (who, _) = await stack.FetchAsync(TimeSpan.FromSeconds(30), ct);
                if (who is not null) { reach = started.Elapsed.TotalSeconds; break; }
                await Task.Delay(1000, ct);
            }
            if (proc.HasExited) throw new DemoException($"the balancer exited ({proc.ExitCode}); its log is in {dir}");
            var startupCpu = meter.CpuSeconds();
            var startupTorCpu = torMeter.CpuSeconds() - torCpu0;
            say($"first answer after {DemoBench.Seconds(reach)}, {startupCpu:0.00} CPU-s (tor {startupTorCpu:0.00}); steady window of {p.Window.TotalSeconds:0} s…");

            var windowStart = DateTimeOffset.UtcNow;
            var (cpu0, tor0) = (meter.CpuSeconds(), torMeter.CpuSeconds());
            var windowClock = Stopwatch.StartNew();
            await Task.Delay(p.Window, ct);
            var windowSeconds = windowClock.Elapsed.TotalSeconds;
            var (windowCpu, windowTorCpu) = (meter.CpuSeconds() - cpu0, torMeter.CpuSeconds() - tor0);
            var uploadsInWindow = uploads.Count(u => u >= windowStart);
            var (rss, torRss) = (meter.RssMiB(), torMeter.RssMiB());
            say($"window: {windowCpu:0.00} CPU-s (tor {windowTorCpu:0.00}), {uploadsInWindow} uploads, RSS {rss:0.0} MiB (tor {torRss:0.0} MiB)");

            double? drop = null;
            if (reach is not null)
            {
                await using var client = await stack.Client.ConnectAsync(ct);
                var victim = stack.Backends[0];
                var victimKeys = await DemoBench.IntroKeysAsync(client, victim.Address, ct);
                var listed = Stopwatch.StartNew();
                while (listed.Elapsed < TimeSpan.FromMinutes(2) && !(await DemoBench.IntroKeysAsync(client, stack.Frontend, ct)).Overlaps(victimKeys))
                    await Task.Delay(6000, ct);
                await victim.KillAsync();
                var killed = Stopwatch.StartNew();
                say($"killed backend {victim.Name}");
                while (killed.Elapsed < p.DropLimit)
                {
                    await Task.Delay(6000, ct); // tor does not ask the same HSDir again within 5 s here
                    var keys = await DemoBench.IntroKeysAsync(client, stack.Frontend, ct);
                    if (keys.Count > 0 && !keys.Overlaps(victimKeys)) { drop = killed.Elapsed.TotalSeconds; break; }
                }
                say($"dead backend dropped after {(drop is null ? "(not within the limit)" : DemoBench.Seconds(drop))}");
            }
            return
            [
                sites, reach, startupCpu, startupTorCpu, windowSeconds, windowCpu, windowTorCpu, uploadsInWindow, rss, meter.PeakRssMiB,
                torRss, drop, meter.CpuSeconds(), MachineInfo.LoadAverage(),
            ];
        }
        finally
        {
            await stopReading.CancelAsync();
            await reading;
            if (!proc.HasExited) { proc.Kill(); await proc.WaitForExitAsync(CancellationToken.None); }
        }
    }
}
