using OnionGroove.Control.Events;
using OnionGroove.Control.Network;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;

namespace OnionGroove.TestNetwork.Tests;

[Collection("tor-network")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class PrivateTorNetworkTests(NetworkFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<NetworkFixture>
{
    private static readonly TimeSpan ServiceDeadline = TimeSpan.FromSeconds(50);

    [Fact]
    public async Task Client_bootstraps_to_100_percent()
    {
        // The time bound is TorNetworkOptions.StartTimeout/BootstrapTimeout (the fixture fails past
        // them); durations are reported, not asserted: a shared CI host makes timed asserts flaky.
        output.WriteLine($"network up after {fixture.NetworkStartTime.TotalSeconds:0.0} s, client at 100 % after {fixture.ClientBootstrapTime.TotalSeconds:0.0} s");
        foreach (var (phase, duration) in fixture.Network.StartupPhases) output.WriteLine($"  {phase}: {duration.TotalSeconds:0.0} s");
        Assert.Equal(3, fixture.Network.StartupPhases.Count);
        await using var c = await fixture.Client.ConnectAsync();
        Assert.Contains("PROGRESS=100", await c.GetInfoAsync("status/bootstrap-phase"));
        // The client's consensus holds every authority and relay, each with the HSDir flag.
        var ns = (await c.GetInfoAsync("ns/all")).Split('\n');
        Assert.Equal(8, ns.Count(l => l.StartsWith("r ")));
        Assert.Equal(8, ns.Count(l => l.StartsWith("s ") && l.Split(' ').Contains("HSDir")));
        // What the CLI and the balancer ask to choose test-network timings.
        var schedule = await c.GetNetworkScheduleAsync();
        Assert.True(schedule.IsSuccess, schedule.ToString());
        Assert.Equal(new TorNetworkSchedule(true, fixture.Network.VotingInterval), schedule.Value);
    }

    [Fact]
    public async Task Onion_service_is_reachable_through_the_client_and_its_descriptor_fetchable()
    {
        var token = Guid.NewGuid().ToString("N");
        await using var backend = new TinyHttpServer("hello from " + token);
        var hsDir = Path.Combine(fixture.Network.BaseDirectory, "hs" + token[..6]);
        var service = await fixture.Network.StartTorAsync([
            $"HiddenServiceDir {hsDir}",
            $"HiddenServicePort 80 127.0.0.1:{backend.Port}",
        ], socks: false);
        await using (var sc = await service.ConnectAsync())
        {
            // Typed STATUS_CLIENT events from real tor while it bootstraps (when we are in time to see them).
            using var status = sc.SubscribeEvents();
            await sc.SetEventsAsync(["STATUS_CLIENT"]);
            if (!(await sc.GetInfoAsync("status/bootstrap-phase")).Contains("PROGRESS=100"))
            {
                using var t = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var done = await status.WaitForAsync<StatusEvent>(e => e.Action == "BOOTSTRAP" && e.BootstrapProgress == 100, t.Token);
                Assert.Equal(("STATUS_CLIENT", "NOTICE", "done"), (done.Type, done.Severity, done.Arguments["TAG"]));
                output.WriteLine("saw STATUS_CLIENT BOOTSTRAP PROGRESS=100: " + done.Reply.FirstText);
            }
        }
        await fixture.Network.WaitForBootstrapAsync(service);
        var hostname = (await File.ReadAllTextAsync(Path.Combine(hsDir, "hostname"))).Trim();
        Assert.EndsWith(".onion", hostname);

        string? lastError = null;
        // The probe's token ends at the deadline: an attempt still running then is given up.
        var response = await Eventually.LastAsync<OnionHttp.Response?>(async deadline =>
        {
            try { return await OnionHttp.GetAsync(fixture.Client.SocksPort!.Value, new Uri($"http://{hostname}/"), TimeSpan.FromSeconds(20), deadline); }
            catch (HttpRequestException e) { lastError = e.Message; }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested) { }
            return null;
        }, r => r is not null, ServiceDeadline, every: TimeSpan.FromSeconds(1));
        Assert.True(response is not null, $"no answer from {hostname} in {ServiceDeadline.TotalSeconds} s: {lastError}\n{service.Diagnostics()}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response!.Status);
        Assert.Equal("hello from " + token, response.Body);
        Assert.True(backend.Requests >= 1);

        // HSFETCH through the control port: typed HS_DESC and HS_DESC_CONTENT events from real tor.
        await using var c = await fixture.Client.ConnectAsync();
        using var events = c.SubscribeEvents();
        await c.SetEventsAsync(["HS_DESC", "HS_DESC_CONTENT"]);
        var serviceId = hostname[..^".onion".Length];
        await c.HsFetchAsync(serviceId);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var content = await events.WaitForAsync<HsDescContentEvent>(e => e.Address == serviceId, wait.Token);
        Assert.StartsWith("hs-descriptor 3\n", content.Descriptor);
        Assert.NotNull(content.HsDirFingerprint);
        // The same through the typed fetch the CLI and the balancer tests use.
        var typed = await c.FetchHsDescriptorAsync(OnionAddress.Parse(hostname), TimeSpan.FromSeconds(30));
        Assert.True(typed.IsSuccess, typed.ToString());
        Assert.StartsWith("hs-descriptor 3\n", typed.Value);
        await service.StopAsync();
    }
}
