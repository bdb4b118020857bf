using OnionGroove.TestNetwork;

namespace OnionGroove.Cli.Commands.Demo;

/// <summary>The demo's script: start, wait until the frontend answers, show which backend served
/// each request, then tear down (or keep running with instructions).</summary>
internal static class DemoRun
{
    public static async Task<int> RunAsync(int backends, bool keep, string? dir, int fetches, TextWriter o, TextWriter e, CancellationToken ct)
    {
        foreach (var program in new[] { "tor", "tor-gencert" })
            if (!OnPath(program))
                throw new CliError(ExitCodes.External, $"{program} is not installed", "run scripts/setup.sh (Debian: apt-get install tor)");
        var started = DateTimeOffset.UtcNow;
        var logPath = Path.Combine(Path.GetTempPath(), $"oniongroove-demo-{Environment.ProcessId}.log");
        await using var daemonLog = new StreamWriter(logPath) { AutoFlush = true };
        DemoStack stack;
        try
        {
            stack = await DemoStack.StartAsync(new DemoStack.Options
            {
                Backends = backends,
                BaseDirectory = dir is null ? null : Path.GetFullPath(dir),
                KeepDirectory = dir is not null || keep,
                Log = m => { lock (o) o.WriteLine("demo: " + m); },
                DaemonLog = TextWriter.Synchronized(daemonLog),
            }, ct);
        }
        catch (TorNetworkException x)
        {
            throw new CliError(ExitCodes.External, "the private Tor network did not come up: " + x.Message.Split('\n')[0]);
        }
        await using (stack)
        {
            await o.WriteLineAsync($"demo: frontend {stack.Frontend}; balancer log in {logPath}");
            await o.WriteLineAsync("demo: waiting for the frontend to answer (the balancer fetches the backends' descriptors and uploads its own)…");
            string first;
            try { first = await stack.WaitReachableAsync(TimeSpan.FromMinutes(4), ct); }
            catch (TimeoutException x) { throw new CliError(ExitCodes.External, x.Message, $"see the balancer log: {logPath}"); }
            await o.WriteLineAsync($"demo: reachable {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s after start; first answer from backend {first}");
            for (var i = 1; i <= fetches; i++)
            {
                var (who, error) = await stack.FetchAsync(TimeSpan.FromSeconds(30), ct);
                await o.WriteLineAsync(who is not null ? $"demo: request {i}: answered by backend {who}" : $"demo: request {i}: failed ({error})");
            }
            var hits = string.Join(", ", stack.Backends.Select(b => $"{b.Name}={b.Site.Hits}"));
            await o.WriteLineAsync($"demo: requests seen by the backends: {hits}");
            if (keep)
            {
                var socks = stack.Client.SocksPort;
                await o.WriteLineAsync($"""

                    The demo keeps running until you press Ctrl-C. Try:
                      curl --socks5-hostname 127.0.0.1:{socks} http://{stack.Frontend}/
                      curl --socks5-hostname 127.0.0.1:{socks} --proxy-user "u$RANDOM:x" http://{stack.Frontend}/   # fresh circuit
                      torsocks -P {socks} curl http://{stack.Frontend}/
                      oniongroove balancer status --metrics 127.0.0.1:{stack.MetricsPort}
                    Files (config.yaml, keys, tor data): {stack.BaseDirectory}
                    """);
                try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { }
                await o.WriteLineAsync("demo: stopping every process…");
            }
        }
        await o.WriteLineAsync("demo: stopped; every tor process was stopped by its pid");
        return ct.IsCancellationRequested && !keep ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));
}
