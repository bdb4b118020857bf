using OnionGroove.Control.Events;
using OnionGroove.Control.Onion;
using OnionGroove.Control.Protocol;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Control.Tests;

/// <summary>Commands and events against one real tor (DisableNetwork 1) shared by the class.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class RealTorCommandTests(RealTorCommandTests.TorFixture fixture) : IClassFixture<RealTorCommandTests.TorFixture>
{
    public sealed class TorFixture : IAsyncLifetime
    {
        public StandaloneTor Tor { get; private set; } = null!;
        public async Task InitializeAsync() => Tor = await StandaloneTor.StartAsync();
        public async Task DisposeAsync() => await Tor.DisposeAsync();
    }

    private Task<TorController> Connect() => fixture.Tor.Tor.ConnectAsync();

    [Fact]
    public async Task GetInfo_single_multi_and_data_replies()
    {
        await using var c = await Connect();
        var many = await c.GetInfoAsync(["version", "config-file", "config-text"]);
        Assert.StartsWith("0.4.", many["version"]);
        Assert.Equal(fixture.Tor.Tor.TorrcPath, many["config-file"]);
        // config-text comes back as a data reply (250+…) holding the torrc lines we wrote.
        Assert.Contains("DisableNetwork 1", many["config-text"]);
        Assert.Contains('\n', many["config-text"]);
        var e = await Assert.ThrowsAsync<ControlCommandException>(() => c.GetInfoAsync("no-such-key"));
        Assert.Equal(552, e.Status);
        Assert.StartsWith("0.4.", await c.GetInfoAsync("version"));
    }

    [Fact]
    public async Task SetConf_GetConf_ResetConf_round_trip_quoted_values()
    {
        await using var c = await Connect();
        const string tricky = "a \"quoted\" value with \\ backslash and = sign";
        await c.SetConfAsync("ContactInfo", tricky);
        Assert.Equal([tricky], await c.GetConfAsync("ContactInfo"));
        await c.SetConfAsync([new("Nickname", "ogTest1"), new("ContactInfo", "plain")]);
        var both = await c.GetConfAsync(["Nickname", "ContactInfo"]);
        Assert.Equal([new("Nickname", "ogTest1"), new("ContactInfo", "plain")], both);
        await c.ResetConfAsync(["ContactInfo"]);
        Assert.Empty(await c.GetConfAsync("ContactInfo"));
        var bad = await Assert.ThrowsAsync<ControlCommandException>(() => c.SetConfAsync("NoSuchOption", "1"));
        Assert.Equal(552, bad.Status);
        Assert.Throws<ArgumentException>(() => { _ = c.SetConfAsync("Contact Info", "x"); });
    }

    [Fact]
    public async Task Events_arrive_while_commands_run_concurrently()
    {
        await using var c = await Connect();
        using var events = c.SubscribeEvents();
        await c.SetEventsAsync(["CONF_CHANGED"]);
        const int n = 25;
        var writers = Enumerable.Range(0, n).Select(i => c.SetConfAsync("ContactInfo", $"value-{i}"));
        var readers = Enumerable.Range(0, n).Select(_ => c.GetInfoAsync("version"));
        await Task.WhenAll(writers);
        var versions = await Task.WhenAll(readers);
        Assert.All(versions, v => Assert.StartsWith("0.4.", v));

        var seen = new HashSet<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var e in events.ReadAllAsync(cts.Token))
        {
            var raw = Assert.IsType<RawTorEvent>(e);
            Assert.Equal("CONF_CHANGED", raw.Type);
            foreach (var line in raw.Reply.Lines.Where(l => l.Text.StartsWith("ContactInfo=")))
                seen.Add(line.Text["ContactInfo=".Length..]);
            if (seen.Count == n) break;
        }
        Assert.Equal(Enumerable.Range(0, n).Select(i => $"value-{i}").ToHashSet(), seen);
        await c.SetEventsAsync([]);
        await c.ResetConfAsync(["ContactInfo"]);
    }

    [Fact]
    public async Task AddOnion_with_our_key_returns_our_address_and_DelOnion_removes_it()
    {
        using var identity = IdentitySecretKey.Generate();
        using var key = OnionServiceKey.FromSecretKey(identity);
        await using var c = await Connect();
        var result = await c.AddOnionAsync(new AddOnionRequest(key)
        {
            Ports = [new OnionPort(80, "127.0.0.1:9"), new OnionPort(443)],
            Flags = AddOnionFlags.DiscardPK,
        });
        Assert.Equal(identity.Address.ServiceId, result.ServiceId);
        Assert.Null(result.GeneratedKey);
        Assert.Contains(result.ServiceId, await c.GetInfoAsync("onions/current"));

        await c.DelOnionAsync(identity.Address);
        Assert.DoesNotContain(result.ServiceId, await c.GetInfoAsync("onions/current"));
        var again = await Assert.ThrowsAsync<ControlCommandException>(() => c.DelOnionAsync(result.ServiceId));
        Assert.Equal(552, again.Status);
    }

    [Fact]
    public async Task AddOnion_NEW_returns_a_key_that_derives_the_same_address_and_detached_survives_the_connection()
    {
        string serviceId;
        await using (var c = await Connect())
        {
            using var newKey = OnionServiceKey.New();
            var client = ClientAuthSecretKey.Generate();
            var result = await c.AddOnionAsync(new AddOnionRequest(newKey)
            {
                Ports = [new OnionPort(80, "127.0.0.1:9")],
                Flags = AddOnionFlags.Detach | AddOnionFlags.V3Auth,
                ClientAuthV3 = [client.PublicKey.ToBase32()],
            });
            using var generated = Assert.IsType<OnionServiceKey>(result.GeneratedKey);
            var expanded = new byte[64];
            generated.ExportExpanded(expanded);
            using var identity = IdentitySecretKey.FromExpanded(expanded);
            Assert.Equal(result.ServiceId, identity.Address.ServiceId);
            serviceId = result.ServiceId;
            client.Dispose();
        }
        await using (var c = await Connect())
        {
            Assert.Contains(serviceId, await c.GetInfoAsync("onions/detached"));
            await c.DelOnionAsync(serviceId);
        }
    }

    [Fact]
    public async Task Onion_client_auth_add_and_remove()
    {
        using var service = IdentitySecretKey.Generate();
        using var client = ClientAuthSecretKey.Generate();
        await using var c = await Connect();
        await c.OnionClientAuthAddAsync(service.Address, client, clientName: "alice");
        var view = await c.Connection.ExecuteAsync("ONION_CLIENT_AUTH_VIEW " + service.Address.ServiceId);
        Assert.Contains(view.Lines, l => l.Text.StartsWith("CLIENT " + service.Address.ServiceId + " x25519:") && l.Text.Contains("ClientName=alice"));
        await c.OnionClientAuthRemoveAsync(service.Address);
        view = await c.Connection.ExecuteAsync("ONION_CLIENT_AUTH_VIEW " + service.Address.ServiceId);
        Assert.DoesNotContain(view.Lines, l => l.Text.StartsWith("CLIENT "));
    }

    [Fact]
    public async Task HsPost_sends_the_descriptor_as_a_data_block_and_tor_parses_it()
    {
        await using var c = await Connect();
        // Not a valid descriptor (with a dot-leading line to exercise dot-encoding): tor must
        // read the whole data block and reject it as a descriptor, then keep serving commands.
        var e = await Assert.ThrowsAsync<ControlCommandException>(() =>
            c.HsPostAsync("hs-descriptor 3\n.leading dot\nnot really\n", serviceId: new string('a', 56)));
        Assert.Equal("HSPOST", e.Command);
        Assert.InRange(e.Status, 500, 599);
        Assert.StartsWith("0.4.", await c.GetInfoAsync("version"));
    }

    [Fact]
    public async Task Signal_and_HsFetch_are_accepted()
    {
        await using var c = await Connect();
        await c.SignalAsync(TorSignal.Heartbeat);
        await c.SignalAsync(TorSignal.NewNym);
        using var service = IdentitySecretKey.Generate();
        // With DisableNetwork the fetch cannot go anywhere, but tor accepts the command shape.
        await c.HsFetchAsync(service.Address);
        var bad = await Assert.ThrowsAsync<ControlCommandException>(() => c.HsFetchAsync(service.Address.ServiceId, ["$" + new string('A', 40)]));
        Assert.Equal(552, bad.Status);
    }
}
