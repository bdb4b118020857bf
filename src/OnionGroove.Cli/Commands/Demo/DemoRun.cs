using OnionGroove.Demo;
using OnionGroove.TestNetwork;

namespace OnionGroove.Cli.Commands.Demo;

/// <summary>The demo's script as the user sees it: start the stack, run <see cref="DemoScenario"/>
/// (the balancer publishes every backend, requests reach every backend, one is killed and the site
/// still answers), then tear down or keep running with instructions. The steps live in
/// OnionGroove.Demo; this prints them and picks the exit code.</summary>
internal static class DemoRun
{
    public static async Task<int> RunAsync(int backends, bool keep, string? dir, int fetches, TextWriter o, TextWriter e, CancellationToken ct)
    {
        if (DemoPrerequisites.FirstMissing() is { } program)
            throw new CliError(ExitCodes.External, $"{program} is not installed", "run scripts/setup.sh (Debian: apt-get install tor)");
        var started = DateTimeOffset.UtcNow;
        void Say(string m) { lock (o) o.WriteLine("demo: " + m); }
        DemoStack stack;
        try
        {
            stack = await DemoStack.StartAsync(new DemoStack.Options
            {
                Backends = backends,
                BaseDirectory = dir is null ? null : Path.GetFullPath(dir),
                KeepDirectory = dir is not null || keep,
                Log = Say,
                // In the demo's own folder: removed with it at the end unless kept (no /tmp litter).
                DaemonLogToFile = true,
            }, ct);
        }
        catch (TorNetworkException x)
        {
            throw new CliError(ExitCodes.External, "the private Tor network did not come up: " + x.Message.Split('\n')[0]);
        }
        var logPath = stack.DaemonLogPath!;
        await using (stack)
        {
            Say($"frontend {stack.Frontend}; balancer log in {logPath}{(keep || dir is not null ? "" : " (removed at the end)")}");
            DemoScenario.Outcome outcome;
            try { outcome = await DemoScenario.RunAsync(stack, requests: fetches, maxRequests: Math.Max(fetches, 12 * backends), Say, ct); }
            catch (TimeoutException x)
            {
                await PrintTailAsync(logPath, e);
                throw new CliError(ExitCodes.External, x.Message);
            }
            var hits = string.Join(", ", stack.Backends.Select(b => $"{b.Name}={b.Site.Hits}"));
            Say($"requests seen by the backends: {hits} ({(DateTimeOffset.UtcNow - started).TotalSeconds:0} s after start)");
            var ok = outcome.ShowedBalancing(stack.Backends.Select(b => b.Name));
            Say(ok
                ? $"every backend served requests, and the site kept answering after {outcome.Killed} was killed"
                : "the demo did not show what it should (see the requests above)");
            if (keep)
            {
                var socks = stack.Client.SocksPort;
                await o.WriteLineAsync($"""

                    The demo keeps running until you press Ctrl-C. Try (each --proxy-user makes a fresh circuit):
                      curl --socks5-hostname 127.0.0.1:{socks} http://{stack.Frontend}/
                      curl --socks5-hostname 127.0.0.1:{socks} --proxy-user "u$RANDOM:x" http://{stack.Frontend}/
                      oniongroove balancer status --metrics 127.0.0.1:{stack.MetricsPort}
                    Files (config.yaml, keys, tor data, balancer.log): {stack.BaseDirectory}
                    """);
                try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { }
                Say("stopping every process…");
            }
            else if (!ok) await PrintTailAsync(logPath, e);
            if (!ok && !keep)
            {
                await o.WriteLineAsync("demo: stopped; every tor process was stopped by its pid");
                return ExitCodes.Failure;
            }
        }
        await o.WriteLineAsync("demo: stopped; every tor process was stopped by its pid");
        return ct.IsCancellationRequested && !keep ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>The end of the balancer's log, before the folder holding it is removed.</summary>
    private static async Task PrintTailAsync(string logPath, TextWriter e)
    {
        try
        {
            var lines = await File.ReadAllLinesAsync(logPath);
            await e.WriteLineAsync($"demo: the balancer's last {Math.Min(25, lines.Length)} log lines:");
            foreach (var l in lines.TakeLast(25)) await e.WriteLineAsync("  " + l);
        }
        catch (IOException) { }
    }
}
