using OnionGroove.Control.Events;
using OnionGroove.Control.Resilience;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;

namespace OnionGroove.Control.Tests;

[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class RealTorLifecycleTests
{
    [Fact]
    public async Task TakeOwnership_makes_tor_exit_when_the_connection_closes()
    {
        await using var tor = await StandaloneTor.StartAsync();
        await using (var c = await tor.Tor.ConnectAsync())
        {
            await c.TakeOwnershipAsync();
            // Without this, __OwningControllerProcess would keep tor bound to the test process only.
            await c.ResetConfAsync(["__OwningControllerProcess"]);
        }
        await Eventually.TrueAsync(() => tor.Tor.HasExited, "tor to exit once its owning connection closed", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Resilient_controller_reconnects_after_a_restart_and_resubscribes()
    {
        await using var tor = await StandaloneTor.StartAsync(new TorProcessOptions { ControlSocket = true });
        var endpoint = tor.Tor.ControlSocketEndpoint!;
        var connected = new List<bool>();
        await using var resilient = ResilientTorController.Start(new ResilientTorControllerOptions(endpoint)
        {
            Auth = Auth.ControlAuth.SafeCookie(tor.Tor.CookiePath),
            Events = ["CONF_CHANGED"],
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            OnConnected = (_, reconnect, _) => { lock (connected) connected.Add(reconnect); return Task.CompletedTask; },
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var first = await resilient.GetControllerAsync(cts.Token);
        await first.SetConfAsync("ContactInfo", "before", cts.Token);
        await WaitForContactInfo(resilient, "before", cts.Token);

        await tor.RestartAsync();

        // RunAsync waits for the new connection when the old one is gone.
        await resilient.RunAsync(async (c, ct) => { await c.SetConfAsync("ContactInfo", "after", ct); return 0; }, cts.Token);
        await WaitForContactInfo(resilient, "after", cts.Token);
        Assert.Equal(2, resilient.ConnectionCount);
        lock (connected) Assert.Equal([false, true], connected);
        Assert.NotSame(first, await resilient.GetControllerAsync(cts.Token));
    }

    private static async Task WaitForContactInfo(ResilientTorController r, string value, CancellationToken ct)
    {
        await foreach (var e in r.Events.ReadAllAsync(ct))
            if (e.Type == "CONF_CHANGED" && e.Reply.Lines.Any(l => l.Text == "ContactInfo=" + value)) return;
    }
}
