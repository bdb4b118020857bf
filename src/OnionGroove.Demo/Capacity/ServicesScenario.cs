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
/// and resident memory from /proc and the HS_DESC upload events seen (<see cref="UploadLog"/>). A burst of
/// uploads that tor cannot build circuits for within SocksTimeout (2 min) is dropped without an event;
/// the report shows it as unanswered uploads (docs/capacity.md §2).</summary>
public static class ServicesScenario
{
    /// <param name="LogDirectory">When set, the service tor and every relay and authority also log at info level
    /// into this folder (one file per tor), to see what holds publication back.</param>
    /// <param name="Window">The steady window; the default is one time period of the default private
    /// network (24 voting intervals of 20 s), so uploads per hour are not an extrapolation of a part of it.</param>
    /// <param name="LogDirectory">When set, the service tor and every relay and authority also log at info level
    /// into this folder (one file per tor), to see what holds publication back.</param>
    /// <param name="DirStallSeconds">The service tor's TestingDirConnectionMaxStall. TestingTorNetwork lowers it
    /// from 5 minutes to 30 s; an upload whose directory connection waits longer than that for its circuit
    /// is dropped without an HS_DESC FAILED and not retried before the descriptor's next upload time
    /// (60–120 min later; tor's run_connection_housekeeping and upload_descriptor_to_all), so with 30 s a
    /// burst of uploads that tor cannot build circuits for in time looks like services that never
    /// publish. 300, tor's value outside test networks, measures what a real tor does.</param>
    public sealed record Parameters(IReadOnlyList<int> Counts, TimeSpan Settle, TimeSpan Window, int Rounds, string? LogDirectory = null,
        int DirStallSeconds = 300)
    {
        public static readonly Parameters Default = new([1, 10, 100, 500], TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(8), 1);
    }

    public static readonly IReadOnlyList<string> Columns =
    [
        "round", "services", "add_s", "all_uploaded_s", "services_uploaded", "first_upload_p50_s", "first_upload_p90_s",
        "startup_cpu_s", "startup_upload_attempts", "startup_uploads", "startup_upload_failures", "startup_uploads_unanswered",
        "window_s", "window_cpu_s", "cpu_pct_of_core", "rss_mib", "peak_rss_mib", "rss_kib_per_service",
        "upload_attempts_in_window", "uploads_in_window", "uploads_per_hour", "uploads_per_service_hour", "upload_failures_in_window",
        "time_period_s", "load",
    ];

    public static async Task<CapacityReport> RunAsync(Parameters p, Action<string> log, CancellationToken ct)
    {
        var machine = MachineInfo.Read();
        log("starting a private Tor network (3 authorities, 5 relays)…");
        await using var net = await PrivateTorNetwork.StartAsync(ct: ct);
        await using var site = new DemoSite("capacity");
        if (p.LogDirectory is { } logDir) await LogAtInfoAsync(net, logDir, ct);
        var rows = new List<IReadOnlyList<double?>>();
        var notes = new List<string>();
        var i = 0;
        for (var round = 1; round <= p.Rounds; round++)
            foreach (var n in p.Counts)
            {
                try
                {
                    var (row, timeline) = await MeasureAsync(net, site, n, $"s{++i}", p, log, ct);
                    rows.Add([round, .. row]);
                    notes.Add($"round {round}, {n} services, accepted uploads / services published for the first time, per minute since ADD_ONION: {timeline}");
                }
                catch (Exception e) when (e is ControlProtocolException or ControlCommandException or TorNetworkException && !ct.IsCancellationRequested)
                {
                    // A tor that stops answering under the load is a result too: say so in the report and go on.
                    log($"{n} services: failed: {e.Message}");
                    notes.Add($"round {round}, {n} services: no figures, {e.Message.Split('\n')[0]}");
                    rows.Add([round, n, .. Enumerable.Repeat<double?>(null, Columns.Count - 2)]);
                }
            }
        return new CapacityReport("services",
            new Dictionary<string, string>
            {
                ["services"] = string.Join(',', p.Counts), ["settle_s"] = p.Settle.TotalSeconds.ToString("0"),
                ["window_s"] = p.Window.TotalSeconds.ToString("0"), ["rounds"] = p.Rounds.ToString(),
                ["dir_stall_s"] = p.DirStallSeconds.ToString(),
            },
            machine.Finished(), Columns, rows,
            [
                $"one tor per row, started fresh in the same private network (3 authorities + 5 relays, {net.VotingInterval.TotalSeconds:0} s voting interval); services added with ADD_ONION NEW:ED25519-V3; the tor runs with TestingDirConnectionMaxStall {p.DirStallSeconds} (test networks: 30, real tor: 300)",
                "first_upload_p50_s/p90_s: seconds from the first ADD_ONION to a service's first descriptor accepted by an HSDir (HS_DESC UPLOADED), over the services that got one",
                "startup_*: from the first ADD_ONION until every service uploaded once (or the settle limit): CPU-seconds, HS_DESC UPLOAD events (one per descriptor and HSDir), UPLOADED, FAILED; unanswered = attempts − uploaded − failed (dropped without an event, or still under way)",
                "window: steady running after that; uploads_per_hour = UPLOADED events in the window × 3600 / window; time_period_s = 24 × the consensus' voting interval (TestingTorNetwork), 8 minutes instead of the real network's 24 hours, so descriptors are rebuilt and uploaded far more often than on the real network",
                "rss_kib_per_service = (RSS with the services − RSS of a tor without services, read before adding) / services",
                .. notes,
            ]);
    }

    /// <returns>The row (services … load, see <see cref="Columns"/> without "round") and the per-minute upload timeline.</returns>
    private static async Task<(double?[] Row, string Timeline)> MeasureAsync(PrivateTorNetwork net, DemoSite site, int n, string name,
        Parameters p, Action<string> log, CancellationToken ct)
    {
        List<string> torrc = [$"TestingDirConnectionMaxStall {p.DirStallSeconds}"];
        if (p.LogDirectory is { } logDir) torrc.Add($"Log info file {Path.Combine(logDir, name + ".log")}");
        var tor = await net.StartTorAsync(torrc, name: name, socks: false, ct: ct);
        try
        {
            await net.WaitForBootstrapAsync(tor, ct);
            await using var meter = new ProcessMeter(tor.Pid);
            await using var control = await tor.ConnectAsync(ct);
            var baseRss = meter.RssMiB();
            var start = DateTimeOffset.UtcNow;
            var uploads = new UploadLog(start);
            using var sub = control.SubscribeEvents(1 << 18);
            await control.SetEventsAsync(["HS_DESC"], ct);
            using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reading = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in sub.ReadAllAsync(stopReading.Token))
                        if (e is HsDescEvent d) uploads.Add(d, DateTimeOffset.UtcNow);
                }
                catch (OperationCanceledException) { }
            }, CancellationToken.None);

            var clock = Stopwatch.StartNew();
            for (var k = 0; k < n; k++)
            {
                using var key = OnionServiceKey.New();
                await control.AddOnionAsync(new AddOnionRequest(key)
                {
                    Flags = AddOnionFlags.DiscardPK, Ports = [new OnionPort(80, $"127.0.0.1:{site.Port}")],
                }, ct);
            }
            var addSeconds = clock.Elapsed.TotalSeconds;
            log($"{n} services: added in {addSeconds:0.0} s to tor pid {tor.Pid}; waiting until each has uploaded a descriptor…");

            double? allUploaded = null;
            var lastReport = TimeSpan.Zero;
            while (clock.Elapsed < p.Settle)
            {
                var done = uploads.ServicesUploaded;
                if (done == n) { allUploaded = clock.Elapsed.TotalSeconds; break; }
                if (clock.Elapsed - lastReport >= TimeSpan.FromMinutes(1))
                {
                    lastReport = clock.Elapsed;
                    log($"{n} services: {done} published after {clock.Elapsed.TotalSeconds:0} s, tor {meter.CpuSeconds():0.0} CPU-s so far");
                }
                await Task.Delay(1000, ct);
            }
            var windowStart = DateTimeOffset.UtcNow;
            var servicesUploaded = uploads.ServicesUploaded;
            var firsts = uploads.FirstUploadSeconds();
            var startupCpu = meter.CpuSeconds();
            var attempts0 = uploads.Count(UploadLog.Kind.Attempt, start, windowStart);
            var ok0 = uploads.Count(UploadLog.Kind.Uploaded, start, windowStart);
            var failed0 = uploads.Count(UploadLog.Kind.Failed, start, windowStart);
            log($"{n} services: {servicesUploaded} published after {clock.Elapsed.TotalSeconds:0} s ({attempts0} uploads started, {ok0} accepted, " +
                $"{failed0} failed); measuring {p.Window.TotalSeconds:0} s of steady running…");

            meter.ResetPeak();
            var cpu0 = meter.CpuSeconds();
            var windowClock = Stopwatch.StartNew();
            await Task.Delay(p.Window, ct);
            var windowEnd = DateTimeOffset.UtcNow;
            var windowSeconds = windowClock.Elapsed.TotalSeconds;
            var windowCpu = meter.CpuSeconds() - cpu0;
            var attempts = uploads.Count(UploadLog.Kind.Attempt, windowStart, windowEnd);
            var ok = uploads.Count(UploadLog.Kind.Uploaded, windowStart, windowEnd);
            var failed = uploads.Count(UploadLog.Kind.Failed, windowStart, windowEnd);
            var rss = meter.RssMiB();
            var period = (await control.GetConsensusTimesAsync(ct)).TryGet(out var times, out _) ? times.VotingInterval.TotalSeconds * 24 : (double?)null;
            await stopReading.CancelAsync();
            await reading;
            log($"{n} services: {windowCpu:0.00} CPU-s in {windowSeconds:0} s, RSS {rss:0.0} MiB, {ok} uploads in the window " +
                $"({ok * 3600 / windowSeconds:0}/h), {sub.Dropped} events dropped");
            return ([
                n, addSeconds, allUploaded, servicesUploaded, Percentiles.Of(firsts, 50), Percentiles.Of(firsts, 90),
                startupCpu, attempts0, ok0, failed0, attempts0 - ok0 - failed0,
                windowSeconds, windowCpu, windowCpu / windowSeconds * 100, rss, meter.PeakRssMiB, (rss - baseRss) * 1024 / n,
                attempts, ok, ok * 3600 / windowSeconds, ok * 3600 / windowSeconds / n, failed, period, MachineInfo.LoadAverage(),
            ], uploads.Timeline(windowEnd));
        }
        finally
        {
            await tor.StopAsync();
        }
    }

    /// <summary>Adds an info-level log file per authority and relay (keeping their notice log).</summary>
    private static async Task LogAtInfoAsync(PrivateTorNetwork net, string dir, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        foreach (var t in net.Authorities.Concat(net.Relays))
        {
            await using var c = await t.ConnectAsync(ct);
            await c.SetConfAsync(
            [
                new KeyValuePair<string, string?>("Log", $"notice file {t.LogPath}"),
                new KeyValuePair<string, string?>("Log", $"info file {Path.Combine(dir, t.Name + ".log")}"),
            ], ct);
        }
    }
}
