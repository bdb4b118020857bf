using System.Collections.Concurrent;
using System.Diagnostics;
using OnionGroove.Control;
using OnionGroove.Control.Events;
using OnionGroove.Control.Onion;
using OnionGroove.Control.Protocol;
using OnionGroove.TestNetwork;

namespace OnionGroove.Demo.Capacity;

/// <summary>Scenario "services": ONE tor hosting N onion services, added with ADD_ONION over its
/// control port (new keys, all pointing at one <see cref="DemoSite"/>). For each N a fresh tor in the
/// same private network: the time to add them, the time until every service has had a descriptor
/// accepted by an HSDir, then a measured window of steady running: the tor process's CPU-seconds
/// and resident memory from /proc and the HS_DESC UPLOADED events seen (extrapolated to an hour).</summary>
public static class ServicesScenario
{
    public sealed record Parameters(IReadOnlyList<int> Counts, TimeSpan Settle, TimeSpan Window, int Rounds)
    {
        public static readonly Parameters Default = new([1, 10, 100, 500], TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2), 1);
    }

    public static readonly IReadOnlyList<string> Columns =
    [
        "round", "services", "add_s", "all_uploaded_s", "services_uploaded", "startup_cpu_s", "window_s", "window_cpu_s",
        "cpu_pct_of_core", "rss_mib", "peak_rss_mib", "rss_kib_per_service", "uploads_in_window", "uploads_per_hour",
        "upload_failures_in_window", "load",
    ];

    public static async Task<CapacityReport> RunAsync(Parameters p, Action<string> log, CancellationToken ct)
    {
        var machine = MachineInfo.Read();
        log("starting a private Tor network (3 authorities, 5 relays)…");
        await using var net = await PrivateTorNetwork.StartAsync(ct: ct);
        await using var site = new DemoSite("capacity");
        var rows = new List<IReadOnlyList<double?>>();
        var failures = new List<string>();
        var i = 0;
        for (var round = 1; round <= p.Rounds; round++)
            foreach (var n in p.Counts)
            {
                try
                {
                    var row = await MeasureAsync(net, site, n, $"s{++i}", p, log, ct);
                    rows.Add([round, .. row]);
                }
                catch (Exception e) when (e is ControlProtocolException or ControlCommandException or TorNetworkException && !ct.IsCancellationRequested)
                {
                    // A tor that stops answering under the load is a result too: say so in the report and go on.
                    log($"{n} services: failed: {e.Message}");
                    failures.Add($"round {round}, {n} services: no figures, {e.Message.Split('\n')[0]}");
                    rows.Add([round, n, .. Enumerable.Repeat<double?>(null, Columns.Count - 2)]);
                }
            }
        return new CapacityReport("services",
            new Dictionary<string, string>
            {
                ["services"] = string.Join(',', p.Counts), ["settle_s"] = p.Settle.TotalSeconds.ToString("0"),
                ["window_s"] = p.Window.TotalSeconds.ToString("0"), ["rounds"] = p.Rounds.ToString(),
            },
            machine.Finished(), Columns, rows,
            [
                "one tor per row, started fresh in the same private network (3 authorities + 5 relays, 20 s voting interval); services added with ADD_ONION NEW:ED25519-V3",
                "startup_cpu_s: tor's CPU-seconds from its start until every service uploaded once (or the settle limit); window_cpu_s: CPU-seconds over the steady window after that",
                "uploads_per_hour = HS_DESC UPLOADED events in the window × 3600 / window: an extrapolation, and of a TEST network, whose time period is 24 voting intervals (8 minutes) instead of 24 hours, so descriptors for a new period are built and uploaded far more often than on the real network",
                "rss_kib_per_service = (RSS with the services − RSS of a tor without services, read before adding) / services",
                .. failures,
            ]);
    }

    /// <returns>services, add s, all uploaded s, services uploaded, startup CPU-s, window s, window CPU-s,
    /// % of a core, RSS MiB, peak RSS MiB, RSS KiB per service, uploads in window, uploads per hour, failures, load.</returns>
    private static async Task<double?[]> MeasureAsync(PrivateTorNetwork net, DemoSite site, int n, string name, Parameters p,
        Action<string> log, CancellationToken ct)
    {
        var tor = await net.StartTorAsync([], name: name, socks: false, ct: ct);
        try
        {
            await net.WaitForBootstrapAsync(tor, ct);
            await using var meter = new ProcessMeter(tor.Pid);
            await using var control = await tor.ConnectAsync(ct);
            var baseRss = meter.RssMiB();
            var uploads = new ConcurrentQueue<(DateTimeOffset At, string Address, bool Ok)>();
            using var sub = control.SubscribeEvents(65536);
            await control.SetEventsAsync(["HS_DESC"], ct);
            using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reading = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in sub.ReadAllAsync(stopReading.Token))
                        if (e is HsDescEvent { Action: HsDescAction.Uploaded or HsDescAction.Failed } d && d.Address != "UNKNOWN")
                            uploads.Enqueue((DateTimeOffset.UtcNow, d.Address, d.Action == HsDescAction.Uploaded));
                }
                catch (OperationCanceledException) { }
            }, CancellationToken.None);

            var clock = Stopwatch.StartNew();
            var ids = new HashSet<string>();
            for (var k = 0; k < n; k++)
            {
                using var key = OnionServiceKey.New();
                var r = await control.AddOnionAsync(new AddOnionRequest(key)
                {
                    Flags = AddOnionFlags.DiscardPK, Ports = [new OnionPort(80, $"127.0.0.1:{site.Port}")],
                }, ct);
                ids.Add(r.ServiceId);
            }
            var addSeconds = clock.Elapsed.TotalSeconds;
            log($"{n} services: added in {addSeconds:0.0} s to tor pid {tor.Pid}; waiting until each has uploaded a descriptor…");

            double? allUploaded = null;
            while (clock.Elapsed < p.Settle)
            {
                var done = uploads.Where(u => u.Ok).Select(u => u.Address).Where(ids.Contains).Distinct().Count();
                if (done == n) { allUploaded = clock.Elapsed.TotalSeconds; break; }
                await Task.Delay(1000, ct);
            }
            var servicesUploaded = uploads.Where(u => u.Ok).Select(u => u.Address).Where(ids.Contains).Distinct().Count();
            var startupCpu = meter.CpuSeconds();
            log($"{n} services: {servicesUploaded} uploaded after {clock.Elapsed.TotalSeconds:0} s; measuring {p.Window.TotalSeconds:0} s of steady running…");

            meter.ResetPeak();
            var windowStart = DateTimeOffset.UtcNow;
            var cpu0 = meter.CpuSeconds();
            var windowClock = Stopwatch.StartNew();
            await Task.Delay(p.Window, ct);
            var windowSeconds = windowClock.Elapsed.TotalSeconds;
            var windowCpu = meter.CpuSeconds() - cpu0;
            var inWindow = uploads.Where(u => u.At >= windowStart && ids.Contains(u.Address)).ToList();
            var ok = inWindow.Count(u => u.Ok);
            var rss = meter.RssMiB();
            await stopReading.CancelAsync();
            await reading;
            log($"{n} services: {windowCpu:0.00} CPU-s in {windowSeconds:0} s, RSS {rss:0.0} MiB, {ok} uploads in the window " +
                $"({ok * 3600 / windowSeconds:0}/h extrapolated), {sub.Dropped} events dropped");
            return
            [
                n, addSeconds, allUploaded, servicesUploaded, startupCpu, windowSeconds, windowCpu, windowCpu / windowSeconds * 100,
                rss, meter.PeakRssMiB, (rss - baseRss) * 1024 / n, ok, ok * 3600 / windowSeconds, inWindow.Count - ok,
                MachineInfo.LoadAverage(),
            ];
        }
        finally
        {
            await tor.StopAsync();
        }
    }
}
