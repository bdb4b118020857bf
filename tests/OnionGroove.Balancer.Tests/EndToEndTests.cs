using OnionGroove.Balancer.Metrics;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Balancer.Tests;

/// <summary>The balancer on a private Tor network of real tor processes: clients reach the site
/// through the frontend address, backends come and go, tor restarts under the balancer. The
/// tests share one network and run in the order written (see <see cref="DeclarationOrderer"/>).</summary>
[TestCaseOrderer("OnionGroove.Balancer.Tests.DeclarationOrderer", "OnionGroove.Balancer.Tests")]
[Collection("private Tor networks")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class EndToEndTests(EndToEndFixture f, ITestOutputHelper output) : IClassFixture<EndToEndFixture>
{
    private static readonly TimeSpan Reach = TimeSpan.FromSeconds(150);

    private CancellationToken Timeout(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private void DumpLog() => output.WriteLine(f.DaemonLog);

    /// <summary>Waits up to 90 s for the backends to be published (the tests' assertions follow).</summary>
    private Task WaitPublishedAsync(params string[] names) =>
        Eventually.LastAsync(() => f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0].Backends,
            backends => names.All(n => backends.Any(b => b.Name == n && b.Published)), TimeSpan.FromSeconds(90), every: TimeSpan.FromMilliseconds(500));

    /// <summary>The descriptor holds at least one intro point of each published backend and no more
    /// than they have together (fewer when two share a relay: <see cref="Selection.RelayDistinct"/>;
    /// a test network has eight relays).</summary>
    private static bool IntroPointsMatch(Metrics.ServiceStatus svc) =>
        svc.IntroPoints >= svc.Backends.Count(b => b.Published)
        && svc.IntroPoints <= svc.Backends.Where(b => b.Published).Sum(b => b.IntroPoints);

    /// <summary>The service once <see cref="IntroPointsMatch"/> holds (a backend's new descriptor is
    /// planned within a tick or two; 60 s is the deadline).</summary>
    private Task<Metrics.ServiceStatus> IntroPointsSettledAsync() =>
        Eventually.LastAsync(() => f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0], IntroPointsMatch,
            TimeSpan.FromSeconds(60), every: TimeSpan.FromMilliseconds(500));

    [Fact, Order(1)]
    public async Task A_client_reaches_the_frontend_through_the_balancer()
    {
        try
        {
            var who = await f.Stack.WaitReachableAsync(Reach, Timeout(200));
            Assert.Contains(who, f.Stack.Backends.Select(b => b.Name));
            await WaitPublishedAsync(f.Stack.Backends.Select(b => b.Name).ToArray());
            var status = f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow);
            var svc = Assert.Single(status.Services);
            Assert.NotNull(svc.LastSuccessfulPublish); // an HSDir confirmed an upload (HS_DESC UPLOADED)
            Assert.All(svc.Backends, b => Assert.True(b.Published, $"{b.Name} not in the descriptor"));
            // Every backend's intro points, and nothing else (each backend tor makes 3 by default).
            Assert.All(svc.Backends, b => Assert.InRange(b.IntroPoints, 1, 10));
            svc = await IntroPointsSettledAsync();
            Assert.True(IntroPointsMatch(svc), $"descriptor: {svc.IntroPoints} intro points; backends: {string.Join(", ", svc.Backends.Select(b => $"{b.Name} {b.IntroPoints} published={b.Published}"))}");
        }
        finally { DumpLog(); }
    }

    [Fact, Order(2)]
    public async Task Metrics_endpoint_reports_services_backends_and_uploads()
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{f.Stack.MetricsPort}/metrics");
        var (samples, errors) = PrometheusText.Parse(text);
        Assert.Empty(errors);
        var status = PrometheusText.ToStatus(samples);
        Assert.True(status.TorConnected);
        var s = Assert.Single(status.Services);
        Assert.Equal(f.Stack.Frontend.ServiceId, s.Service.ToString());
        Assert.Equal(f.Stack.Backends.Count, s.Backends.Count);
        // Metrics say what the engine knows, HSDir by HSDir.
        var engine = f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0];
        Assert.Equal(engine.Backends.Select(b => b.Name).Order(), s.Backends.Select(b => b.Name).Order());
        Assert.Contains(s.HsDirs, h => h.Uploads > 0);
        foreach (var h in s.HsDirs)
            Assert.True(engine.HsDirs.Single(e => e.Fingerprint == h.Fingerprint).Uploads >= h.Uploads, h.Fingerprint);
    }

    [Fact, Order(3)]
    public async Task An_unauthorised_client_cannot_reach_the_frontend()
    {
        var stranger = await f.Stack.Network.AddClientAsync(Timeout(90));
        // Not just "some error": tor itself must say the descriptor needs a client key it lacks
        // (SOCKS5 extended error F4, "onion service missing client authorization", tor(1)
        // ExtendedErrors). A timeout or an unreachable HSDir proves nothing; they are retried.
        var socks = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, stranger.SocksPort!.Value);
        var answers = new List<string>();
        var missing = OnionGroove.Control.Socks.SocksReply.Describe(OnionGroove.Control.Socks.SocksReply.MissingClientAuth);
        await Eventually.LastAsync(async _ =>
        {
            var r = await OnionGroove.Balancer.Health.SocksProbe.ProbeAsync(socks, f.Stack.Frontend.ToString(), 80, TimeSpan.FromSeconds(45), Timeout(60));
            Assert.False(r.Reachable, "a client without the key reached the frontend");
            answers.Add(r.Detail);
            return r.Detail;
        }, detail => detail == missing, TimeSpan.FromSeconds(180), every: TimeSpan.FromSeconds(2));
        output.WriteLine("unauthorised client: " + string.Join("; ", answers));
        Assert.Equal(missing, answers[^1]);
        // The authorised client still gets in.
        Assert.NotNull(await f.Stack.WaitReachableAsync(Reach, Timeout(200)));
    }

    [Fact, Order(4)]
    public async Task A_backend_added_by_config_reload_serves_without_a_restart()
    {
        try
        {
            var added = await f.Stack.AddBackendAsync("web3", Timeout(60));
            f.Stack.WriteConfig(); // the daemon watches the file
            await WaitPublishedAsync("web3");
            // tor clients keep a descriptor while its intro points work: a new client sees the new one.
            var client = await f.Stack.Network.AddClientAsync(Timeout(90));
            await using (var c = await client.ConnectAsync(Timeout(30)))
                await c.OnionClientAuthAddAsync(f.Stack.Frontend, f.ClientKey, ct: Timeout(30));
            var seen = new HashSet<string>();
            for (var i = 0; i < 40 && !seen.Contains("web3"); i++)
            {
                try
                {
                    var r = await OnionHttp.GetAsync(client.SocksPort!.Value, new Uri($"http://{f.Stack.Frontend}/"), TimeSpan.FromSeconds(30), Timeout(40));
                    if (OnionGroove.Demo.DemoSite.WhoServed(r.Body) is { } who) seen.Add(who);
                }
                catch (HttpRequestException) { await Task.Delay(1000); }
            }
            output.WriteLine("answered: " + string.Join(", ", seen));
            Assert.Contains("web3", seen);
            Assert.True(added.Site.Hits > 0);
            Assert.Contains("configuration reloaded", f.DaemonLog);
        }
        finally { DumpLog(); }
    }

    [Fact, Order(5)]
    public async Task A_killed_backends_intro_points_leave_the_descriptor_and_the_site_stays_reachable()
    {
        try
        {
            var victim = f.Stack.Backends.First(b => b.Name == "web1");
            await victim.KillAsync();
            var seen = await Eventually.LastAsync(() => f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0].Backends.Single(b => b.Name == "web1"),
                b => !b.Healthy && !b.Published, TimeSpan.FromSeconds(120), every: TimeSpan.FromSeconds(1));
            Assert.False(seen.Healthy);
            Assert.False(seen.Published);
            for (var i = 0; i < 5; i++)
            {
                var who = await f.Stack.WaitReachableAsync(Reach, Timeout(200));
                Assert.NotEqual("web1", who);
            }
        }
        finally { DumpLog(); }
    }

    [Fact, Order(6)]
    public async Task Tor_restarted_under_the_balancer_is_reattached_and_descriptors_republished()
    {
        try
        {
            var tor = f.Stack.Daemon.OwnTor!;
            var before = f.Stack.Daemon.ConnectionCount;
            var restartsBefore = tor.Restarts;
            using (var p = System.Diagnostics.Process.GetProcessById(tor.Pid!.Value)) p.Kill(); // a crash, not a clean stop
            await Eventually.LastAsync(() => f.Stack.Daemon.ConnectionCount, n => n > before, TimeSpan.FromSeconds(90), every: TimeSpan.FromMilliseconds(500));
            Assert.True(tor.Restarts > restartsBefore);
            Assert.True(f.Stack.Daemon.ConnectionCount > before, "no reconnection after tor restarted");
            Assert.Contains("reconnected to tor", f.DaemonLog);
            Assert.NotNull(await f.Stack.WaitReachableAsync(Reach, Timeout(200)));
        }
        finally { DumpLog(); }
    }

    [Fact, Order(7)]
    public async Task A_malformed_backend_descriptor_on_the_hsdirs_is_ignored_and_the_site_stays_reachable()
    {
        try
        {
            // HSDirs check only the outer document (they cannot decrypt the layers), so a descriptor
            // signed with the backend's own key but with garbage in its second layer is stored and
            // served to anyone who fetches that backend; with the highest revision counter it also
            // shuts out the backend's own uploads for the rest of the period.
            var victim = f.Stack.Backends.First(b => b.Name == "web2");
            using var key = OnionGroove.Crypto.Files.TorKeyFiles.ReadHiddenServiceDir(Path.Combine(f.Stack.BaseDirectory, "hs-web2")).Value;
            Assert.Equal(victim.Address, key.Address);
            // Test-network periods: 24 voting intervals, offset 12 (tor counts from the consensus'
            // valid-after, up to one interval behind the clock): keep clear of a period boundary.
            var voting = f.Stack.Network.VotingInterval;
            int lengthMinutes = (int)(voting * 24).TotalMinutes, offsetMinutes = (int)(voting * 12).TotalMinutes;
            var period = OnionGroove.Crypto.TimePeriod.FromTime(DateTimeOffset.UtcNow - voting, lengthMinutes, offsetMinutes);
            if (period.End - DateTimeOffset.UtcNow < TimeSpan.FromSeconds(150))
            {
                output.WriteLine($"waiting for period {period.Number + 1} to begin");
                await Task.Delay(period.End - DateTimeOffset.UtcNow + voting * 2);
                period = OnionGroove.Crypto.TimePeriod.FromTime(DateTimeOffset.UtcNow - voting, lengthMinutes, offsetMinutes);
            }
            var built = OnionGroove.Descriptors.Building.HsDescriptorBuilder.Build(key, period, [],
                new OnionGroove.Descriptors.Building.DescriptorBuildOptions
                {
                    RevisionCounter = new OnionGroove.Descriptors.OuterLayer.RevisionCounter(ulong.MaxValue - 1),
                    Now = DateTimeOffset.UtcNow,
                    SecondLayerRewrite = _ => "create2-formats 2\nintroduction-point !!not-base64!!\nonion-key ntor\n"u8.ToArray(),
                });
            Assert.True(built.IsSuccess, built.Error?.ToString());
            var hsdirs = new List<string>();
            foreach (var relay in f.Stack.Network.Relays.Concat(f.Stack.Network.Authorities))
                hsdirs.Add(await relay.FingerprintAsync(Timeout(30)));
            await using (var c = await f.Stack.Client.ConnectAsync(Timeout(30)))
                await c.HsPostAsync(built.Value.AsString(), victim.Address, hsdirs, Timeout(30));
            output.WriteLine($"posted a malformed descriptor for web2 (period {period.Number}) to {hsdirs.Count} relays");

            // The balancer fetches web2 every few seconds in a test network. tor passes this copy on
            // (it skips intro points it cannot parse, so to tor it is a descriptor without any) and
            // our decoder refuses it with the line at fault; a copy tor itself cannot decode comes as
            // HS_DESC FAILED BAD_DESC instead. Either way the balancer keeps web2's last good one.
            var refused = $"({victim.Address.ServiceId}): descriptor ignored: ";
            await Eventually.LastAsync(() => f.DaemonLog.Contains(refused), seen => seen, TimeSpan.FromSeconds(120), every: TimeSpan.FromSeconds(1));
            Assert.Contains(refused, f.DaemonLog);
            // Nothing of it reaches the frontend: the site answers as before.
            for (var i = 0; i < 3; i++) Assert.NotNull(await f.Stack.WaitReachableAsync(Reach, Timeout(200)));
            // The balancer keeps web2's last good descriptor (the forged one has no usable intro
            // point: taking it would show 0 here) and the frontend descriptor holds only intro points
            // of good descriptors. web2 itself may leave the descriptor: its health check goes to
            // web2's address, whose descriptor on the HSDirs is now the forged one, so clients that
            // use web2's address directly cannot reach it (seen in a loaded run).
            var svc = await IntroPointsSettledAsync();
            var web2 = svc.Backends.Single(b => b.Name == "web2");
            Assert.InRange(web2.IntroPoints, 1, 10);
            Assert.True(IntroPointsMatch(svc), $"descriptor: {svc.IntroPoints} intro points; backends: {string.Join(", ", svc.Backends.Select(b => $"{b.Name} {b.IntroPoints} published={b.Published}"))}");
        }
        finally { DumpLog(); }
    }
}
