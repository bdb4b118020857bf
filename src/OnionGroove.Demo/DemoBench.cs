using System.Diagnostics;
using System.Text;
using OnionGroove.Balancer.Tor;
using OnionGroove.Control;
using OnionGroove.Control.Events;
using OnionGroove.Crypto;
using OnionGroove.TestNetwork;

namespace OnionGroove.Demo;

/// <summary>`oniongroove demo --bench`: the same scenario driven by our balancer and by Debian's
/// onionbalance (--is-testnet), each as its own process attached to its own tor in a fresh private
/// network: time from balancer start to the first answer through the frontend, time from killing
/// a backend until the frontend descriptor on the HSDirs no longer lists its intro points, and the
/// balancer process's CPU time and peak RSS. With extra sites, our balancer also serves more
/// frontends (same backends) to measure the cost per site. The CLI prints the table.</summary>
public static class DemoBench
{
    public sealed record Result(string Name, double? ReachSeconds, double? DropSeconds, double CpuSeconds, double WallSeconds, long PeakRssKb, int Sites);

    /// <summary>A balancer to measure: its name in the table and how to start it as a process
    /// (config path, tor's control endpoint, working folder).</summary>
    public sealed record Contender(string Name, Func<string, string, string, Process> Start);

    /// <summary>Our balancer, started as <paramref name="file"/> <paramref name="leadingArgs"/> balancer run …
    /// (the CLI passes how to start itself: its executable, or dotnet and its assembly).</summary>
    public static Contender OurBalancer(string file, IReadOnlyList<string> leadingArgs) => new("oniongroove",
        (cfg, ep, dir) => Start(file, [.. leadingArgs, "balancer", "run", "--config", cfg, "--control", ep, "--metrics-listen", "off"], dir));

    /// <summary>Debian's onionbalance, when installed (else null).</summary>
    public static Contender? Onionbalance()
    {
        var ob = new[] { "/usr/sbin/onionbalance", "/usr/bin/onionbalance" }.FirstOrDefault(File.Exists);
        if (ob is null) return null;
        return new Contender("onionbalance 0.2.2", (cfg, ep, dir) =>
        {
            var (host, port) = (ep[..ep.LastIndexOf(':')], ep[(ep.LastIndexOf(':') + 1)..]);
            return Start("/usr/bin/python3", [ob, "-i", host, "-p", port, "-c", cfg, "--is-testnet", "-v", "warning"], dir);
        });
    }

    /// <summary>"12.3 s", or "never" when the moment did not come.</summary>
    public static string Seconds(double? s) => s is { } v ? $"{v:0.0} s" : "never";

    private static Process Start(string file, IEnumerable<string> args, string dir)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = dir };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new DemoException($"cannot start {file}");
        var log = new StreamWriter(Path.Combine(dir, $"balancer-{p.Id}.log")) { AutoFlush = true };
        var w = TextWriter.Synchronized(log);
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) w.WriteLine(e.Data); };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) w.WriteLine(e.Data); };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    /// <summary>Measures one balancer in a fresh network; progress goes to <paramref name="log"/>
    /// as "NAME: what happened".</summary>
    public static async Task<Result> MeasureAsync(Contender contender, int extraSites, TimeSpan dropCap, Action<string> log, CancellationToken ct)
    {
        var name = contender.Name;
        void Say(string m) => log($"{name}: {m}");
        Say("starting a network with 2 backends…");
        await using var stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2, InProcessBalancer = false, HealthChecks = true, ExtraServices = extraSites,
            Log = Say,
        }, ct);
        var lbTor = await stack.Network.StartTorAsync([], name: "lb", socks: true, ct: ct);
        await stack.Network.WaitForBootstrapAsync(lbTor, ct);
        var ep = lbTor.ControlEndpoint.ToString();
        var dir = Path.GetDirectoryName(stack.ConfigPath)!;

        var started = Stopwatch.StartNew();
        using var proc = contender.Start(stack.ConfigPath, ep, dir);
        long peakRss = 0;
        using var sampler = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!sampler.IsCancellationRequested && !proc.HasExited)
            {
                peakRss = Math.Max(peakRss, ProcessStats.RssKb(proc.Id));
                try { await Task.Delay(500, sampler.Token); } catch (OperationCanceledException) { }
            }
        });
        try
        {
            double? reach = null;
            while (started.Elapsed < TimeSpan.FromMinutes(4) && !proc.HasExited)
            {
                var (who, _) = await stack.FetchAsync(TimeSpan.FromSeconds(30), ct);
                if (who is not null) { reach = started.Elapsed.TotalSeconds; break; }
                await Task.Delay(1000, ct);
            }
            Say($"first answer after {Seconds(reach)}");

            double? drop = null;
            if (reach is not null)
            {
                await using var client = await stack.Client.ConnectAsync(ct);
                var victim = stack.Backends[0];
                var victimKeys = await IntroKeysAsync(client, victim.Address, ct);
                // Wait until the frontend lists the victim, so "dropped" means something.
                var listed = DateTimeOffset.UtcNow.AddMinutes(2);
                while (DateTimeOffset.UtcNow < listed && !(await IntroKeysAsync(client, stack.Frontend, ct)).Overlaps(victimKeys))
                    await Task.Delay(6000, ct);
                await victim.KillAsync();
                var killed = Stopwatch.StartNew();
                Say($"killed backend {victim.Name}");
                while (killed.Elapsed < dropCap)
                {
                    await Task.Delay(6000, ct); // tor does not ask the same HSDir again within 5 s here
                    var keys = await IntroKeysAsync(client, stack.Frontend, ct);
                    if (keys.Count > 0 && !keys.Overlaps(victimKeys)) { drop = killed.Elapsed.TotalSeconds; break; }
                }
                Say($"dead backend dropped after {(drop is null ? "(not within the cap)" : Seconds(drop))}");
            }
            var cpu = ProcessStats.CpuSeconds(proc.Id);
            return new Result(name, reach, drop, cpu, started.Elapsed.TotalSeconds, peakRss, 1 + extraSites);
        }
        finally
        {
            sampler.Cancel();
            await sampling;
            if (!proc.HasExited) { proc.Kill(); await proc.WaitForExitAsync(CancellationToken.None); }
        }
    }

    /// <summary>The intro point auth keys in the descriptor an HSDir serves for <paramref name="address"/> now.</summary>
    internal static async Task<HashSet<string>> IntroKeysAsync(TorController tor, OnionAddress address, CancellationToken ct)
    {
        using var sub = tor.SubscribeEvents();
        await tor.SetEventsAsync(["HS_DESC", "HS_DESC_CONTENT"], ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await tor.HsFetchAsync(address, ct: timeout.Token);
            var content = await sub.WaitForAsync<HsDescContentEvent>(e => e.Address == address.ServiceId, timeout.Token);
            var now = DateTimeOffset.UtcNow;
            var tp = TimePeriod.FromTime(now, 8, 4); // test network: 24 × 20 s periods, offset 12 × 20 s
            var (d, _) = new DescriptorCodec().DecodeBackend(content.Descriptor, address, null, [tp.Previous, tp, tp.Next], now);
            return d is null ? [] : d.IntroPoints.Select(i => Convert.ToHexString(i.AuthKey)).ToHashSet();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return []; }
    }
}
