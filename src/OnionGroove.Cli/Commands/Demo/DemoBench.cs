using System.Diagnostics;
using System.Text;
using OnionGroove.Balancer.Tor;
using OnionGroove.Control;
using OnionGroove.Control.Events;
using OnionGroove.Crypto;
using OnionGroove.TestNetwork;

namespace OnionGroove.Cli.Commands.Demo;

/// <summary>`oniongroove demo --bench`: the same scenario driven by our balancer and by Debian's
/// onionbalance (--is-testnet), each as its own process attached to its own tor in a fresh private
/// network: time from balancer start to the first answer through the frontend, time from killing
/// a backend until the frontend descriptor on the HSDirs no longer lists its intro points, and the
/// balancer process's CPU time and peak RSS. With --sites N, our balancer also serves N more
/// frontends (same backends) to measure the cost per site.</summary>
internal static class DemoBench
{
    public sealed record Result(string Name, double? ReachSeconds, double? DropSeconds, double CpuSeconds, double WallSeconds, long PeakRssKb, int Sites);

    public static async Task<int> RunAsync(string oniongroove, int extraSites, TimeSpan dropCap, TextWriter o, CancellationToken ct)
    {
        var results = new List<Result>();
        results.Add(await RunOneAsync("oniongroove", extraSites, dropCap, o, ct,
            (cfg, ep, dir) => Start(oniongroove.EndsWith("dotnet") ? "dotnet" : oniongroove,
                [.. (oniongroove.EndsWith("dotnet") ? new[] { typeof(DemoBench).Assembly.Location } : []),
                 "balancer", "run", "--config", cfg, "--control", ep, "--metrics-listen", "off"], dir)));
        if (extraSites > 0) await o.WriteLineAsync("bench: --sites measures our balancer only");
        else if (File.Exists("/usr/bin/onionbalance") || File.Exists("/usr/sbin/onionbalance"))
        {
            var ob = File.Exists("/usr/sbin/onionbalance") ? "/usr/sbin/onionbalance" : "/usr/bin/onionbalance";
            results.Add(await RunOneAsync("onionbalance 0.2.2", 0, dropCap, o, ct,
                (cfg, ep, dir) =>
                {
                    var (host, port) = (ep[..ep.LastIndexOf(':')], ep[(ep.LastIndexOf(':') + 1)..]);
                    return Start("/usr/bin/python3", [ob, "-i", host, "-p", port, "-c", cfg, "--is-testnet", "-v", "warning"], dir);
                }));
        }
        else await o.WriteLineAsync("bench: onionbalance is not installed; only our balancer was measured");

        await o.WriteLineAsync();
        await o.WriteLineAsync("| balancer | sites | start → first answer | backend killed → dropped from descriptor | CPU s (wall s) | peak RSS |");
        await o.WriteLineAsync("|---|---|---|---|---|---|");
        foreach (var r in results)
            await o.WriteLineAsync($"| {r.Name} | {r.Sites} | {Fmt(r.ReachSeconds)} | {(r.DropSeconds is null ? $"> {dropCap.TotalSeconds:0} s (not dropped)" : Fmt(r.DropSeconds))} | " +
                                   $"{r.CpuSeconds:0.00} ({r.WallSeconds:0}) | {r.PeakRssKb / 1024.0:0.0} MiB |");
        return ExitCodes.Ok;
    }

    private static string Fmt(double? s) => s is { } v ? $"{v:0.0} s" : "never";

    private static Process Start(string file, IEnumerable<string> args, string dir)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = dir };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new CliError(ExitCodes.External, $"cannot start {file}");
        var log = new StreamWriter(Path.Combine(dir, $"balancer-{p.Id}.log")) { AutoFlush = true };
        var w = TextWriter.Synchronized(log);
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) w.WriteLine(e.Data); };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) w.WriteLine(e.Data); };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    private static async Task<Result> RunOneAsync(string name, int extraSites, TimeSpan dropCap, TextWriter o, CancellationToken ct,
        Func<string, string, string, Process> startBalancer)
    {
        await o.WriteLineAsync($"bench: {name}: starting a network with 2 backends…");
        await using var stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2, InProcessBalancer = false, HealthChecks = true, ExtraServices = extraSites,
            Log = m => { lock (o) o.WriteLine($"bench: {name}: {m}"); },
        }, ct);
        var lbTor = await stack.Network.StartTorAsync([], name: "lb", socks: true, ct: ct);
        await stack.Network.WaitForBootstrapAsync(lbTor, ct);
        var ep = lbTor.ControlEndpoint.ToString();
        var dir = Path.GetDirectoryName(stack.ConfigPath)!;

        var started = Stopwatch.StartNew();
        using var proc = startBalancer(stack.ConfigPath, ep, dir);
        long peakRss = 0;
        using var sampler = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!sampler.IsCancellationRequested && !proc.HasExited)
            {
                peakRss = Math.Max(peakRss, RssKb(proc.Id));
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
            await o.WriteLineAsync($"bench: {name}: first answer after {Fmt(reach)}");

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
                await o.WriteLineAsync($"bench: {name}: killed backend {victim.Name}");
                while (killed.Elapsed < dropCap)
                {
                    await Task.Delay(6000, ct); // tor does not ask the same HSDir again within 5 s here
                    var keys = await IntroKeysAsync(client, stack.Frontend, ct);
                    if (keys.Count > 0 && !keys.Overlaps(victimKeys)) { drop = killed.Elapsed.TotalSeconds; break; }
                }
                await o.WriteLineAsync($"bench: {name}: dead backend dropped after {(drop is null ? "(not within the cap)" : Fmt(drop))}");
            }
            var cpu = CpuSeconds(proc.Id);
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
    private static async Task<HashSet<string>> IntroKeysAsync(TorController tor, OnionAddress address, CancellationToken ct)
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

    private static long RssKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException) { return 0; }
    }

    /// <summary>utime + stime of the process (and its reaped children) from /proc, in seconds.</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields after the command: state=0 … utime=11, stime=12, cutime=13, cstime=14 (proc(5) numbering − 3).
            var ticks = long.Parse(f[11]) + long.Parse(f[12]) + long.Parse(f[13]) + long.Parse(f[14]);
            return ticks / 100.0;
        }
        catch (IOException) { return double.NaN; }
    }
}
