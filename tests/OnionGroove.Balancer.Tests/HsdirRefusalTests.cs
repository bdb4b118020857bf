using OnionGroove.Balancer.Metrics;
using OnionGroove.Control;
using OnionGroove.Control.Transport;
using OnionGroove.Demo;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Balancer.Tests;

/// <summary>One of the frontend's responsible HSDirs hangs (its tor is frozen with SIGSTOP: TCP
/// still connects, nothing answers) while the balancer runs on a private network of real tor
/// processes. The balancer must count failures against that HSDir, retry it with growing pauses,
/// keep the other HSDirs served and the site reachable, and catch the HSDir up once it answers again.</summary>
[Collection("private Tor networks")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class HsdirRefusalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(100);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_hanging_HSDir_is_retried_with_backoff_and_caught_up_after_it_returns()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(9));
        var ct = cts.Token;
        var daemonLog = new StringWriter();
        var log = TextWriter.Synchronized(daemonLog);
        await using var stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2,
            Relays = 5,
            Log = m => output.WriteLine("e2e: " + m),
            DaemonLog = log,
            // Each flap of a health check is a new descriptor, and new descriptors are posted to an
            // HSDir whose upload is still in flight: on a loaded CI machine one slow probe per 15 s
            // tripled the attempts counted below. Two failures in a row make a flap rare.
            HealthCheckFailures = 2,
        }, ct);
        try
        {
            await stack.WaitReachableAsync(TimeSpan.FromSeconds(150), ct);
            var frontend = stack.Frontend.ServiceId;
            ServiceStatus Status() => stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services.Single(s => s.Service.ToString() == frontend);

            // The victim: a relay (authorities keep voting) that holds one of our descriptors.
            var fingerprints = new Dictionary<string, TorProcess>();
            foreach (var r in stack.Network.Relays) fingerprints[await r.FingerprintAsync(ct)] = r;
            // Not a relay the balancer's tor enters the network through: with that one frozen, every
            // circuit of that tor hangs (a CI run saw all seven HSDirs time out), which tests tor's
            // guard handling, not the balancer's per-HSDir retries.
            var firstHops = await BalancerTorFirstHopsAsync(stack, ct);
            output.WriteLine($"first hops of the balancer's tor: {string.Join(", ", firstHops)}");
            var uploaded = await Eventually.LastAsync(() => Status().HsDirs.Where(h => h.Uploads > 0 && fingerprints.ContainsKey(h.Fingerprint)).ToList(),
                l => l.Any(h => !firstHops.Contains(h.Fingerprint)), TimeSpan.FromSeconds(90), Poll, ct);
            var victimFp = uploaded.FirstOrDefault(h => !firstHops.Contains(h.Fingerprint))?.Fingerprint
                ?? throw new Xunit.Sdk.XunitException($"every relay holding our descriptor is a first hop of the balancer's tor ({string.Join(", ", firstHops)})");
            var victim = fingerprints[victimFp];
            var before = Status().HsDirs.ToDictionary(h => h.Fingerprint);
            output.WriteLine($"victim {victim.Name} ({victimFp}); HSDirs holding uploads: {before.Count}");

            victim.Suspend();
            var suspendedAt = DateTimeOffset.UtcNow;
            // A reload forces a fresh upload to every responsible HSDir, the frozen one included.
            stack.WriteConfig();

            // The others confirm the new upload; the frozen one fails.
            var others = before.Keys.Where(k => k != victimFp).ToList();
            var afterUploads = await Eventually.LastAsync(Status, s =>
                    others.All(o => s.HsDirs.Single(h => h.Fingerprint == o).Uploads > before[o].Uploads)
                    && s.HsDirs.Single(h => h.Fingerprint == victimFp).Failures > before[victimFp].Failures,
                Window, Poll, ct);
            var v = afterUploads.HsDirs.Single(h => h.Fingerprint == victimFp);
            Assert.True(v.Failures > before[victimFp].Failures, $"no failure recorded for the frozen HSDir {victimFp}");
            Assert.Equal(before[victimFp].Uploads, v.Uploads); // nothing can succeed on a frozen relay
            foreach (var o in others)
                Assert.True(afterUploads.HsDirs.Single(h => h.Fingerprint == o).Uploads > before[o].Uploads, $"HSDir {o} got no new upload");

            // The site stays reachable while the HSDir hangs: clients find the descriptor on the
            // others. The client is told to avoid the frozen relay: circuits through a relay that
            // accepts connections but never answers hang until tor's timeouts, in any tor network
            // and whatever the balancer does (on a loaded CI machine that took over 120 s once).
            await using (var c = await stack.Client.ConnectAsync(ct))
                await c.SetConfAsync("ExcludeNodes", "$" + victimFp, ct);
            var who = await stack.WaitReachableAsync(TimeSpan.FromSeconds(180), ct);
            output.WriteLine($"reachable while {victim.Name} hangs: answered by {who}");

            // Keep it frozen for the whole window, then look at how often it was tried.
            var rest = suspendedAt + Window - DateTimeOffset.UtcNow;
            if (rest > TimeSpan.Zero) await Task.Delay(rest, ct);
            var attempts = stack.Daemon.Engine.UploadAttempts(ServiceId.Parse(frontend), HsDirId.Parse(victimFp)).Where(t => t >= suspendedAt).ToList();
            var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
            output.WriteLine($"attempts to the frozen HSDir in {Window.TotalSeconds:0} s: {attempts.Count}; gaps (s): {string.Join(", ", gaps.Select(g => g.ToString("0.0")))}");
            Assert.True(attempts.Count >= 2, "the frozen HSDir was never retried");
            // Silence counts as a failure after the upload timeout (30 s here), then a growing
            // backoff. Attempts count both periods' descriptors, and newer descriptors (health
            // checks flap on a loaded host) add attempts while an upload is in flight, never while
            // the HSDir backs off: a few in the window, not one per scheduler tick (~400).
            Assert.True(attempts.Count <= 16, $"{attempts.Count} attempts in {Window.TotalSeconds:0} s is not backing off");
            var failuresWhileFrozen = Status().HsDirs.Single(h => h.Fingerprint == victimFp).Failures - before[victimFp].Failures;
            Assert.True(failuresWhileFrozen >= 2, $"only {failuresWhileFrozen} failure(s) counted for the frozen HSDir");

            // Thawed: a retry lands.
            victim.Resume();
            var caughtUp = await Eventually.LastAsync(() => Status().HsDirs.Single(h => h.Fingerprint == victimFp),
                h => h.Uploads > before[victimFp].Uploads, TimeSpan.FromSeconds(150), Poll, ct);
            Assert.True(caughtUp.Uploads > before[victimFp].Uploads, $"no successful upload to {victimFp} after it came back");
            Assert.NotNull(caughtUp.LastSuccess);
            Assert.True(caughtUp.LastSuccess > suspendedAt);
            Assert.Contains("retrying the period", daemonLog.ToString());
        }
        finally
        {
            foreach (var r in stack.Network.Relays) r.Resume();
            output.WriteLine(daemonLog.ToString());
        }
    }

    /// <summary>Relays the balancer's own tor uses as first hop of its circuits, i.e. its guards in
    /// use (control-spec GETINFO circuit-status: "ID STATUS $FINGERPRINT~nickname,..."). Its sampled
    /// guard list would name nearly every relay of a network this small.</summary>
    private static async Task<HashSet<string>> BalancerTorFirstHopsAsync(DemoStack stack, CancellationToken ct)
    {
        var endpoint = ControlEndpoint.ForUnix(Path.Combine(stack.BaseDirectory, "balancer", "tor", "control"));
        await using var tor = await TorController.ConnectAsync(endpoint, ct: ct);
        var hops = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in (await tor.GetInfoAsync("circuit-status", ct)).Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 3 && fields[2].StartsWith('$') && fields[2].Length >= 41) hops.Add(fields[2][1..41]);
        }
        return hops;
    }
}
