using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OnionGroove.Cli;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Probe.Tests;

/// <summary>A private Tor network with one tor running two onion services: "open" in front of a
/// loopback web server, "down" in front of a port nothing listens on. A client tor for the probe
/// to attach to.</summary>
public sealed class ProbeNetworkFixture : IAsyncLifetime
{
    public PrivateTorNetwork Net { get; private set; } = null!;
    public TorProcess Client { get; private set; } = null!;
    public LoopbackHttpServer Web { get; } = new();
    public IdentitySecretKey Open { get; } = IdentitySecretKey.Generate();
    public IdentitySecretKey Down { get; } = IdentitySecretKey.Generate();
    public HashSet<string> Relays { get; } = [];

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Net = await PrivateTorNetwork.StartAsync(new TorNetworkOptions { Relays = 4 }, cts.Token);
        var openDir = Path.Combine(Net.BaseDirectory, "hs-open");
        var downDir = Path.Combine(Net.BaseDirectory, "hs-down");
        TorKeyFiles.WriteHiddenServiceDir(openDir, Open);
        TorKeyFiles.WriteHiddenServiceDir(downDir, Down);
        await Net.StartTorAsync(
        [
            $"HiddenServiceDir {openDir}", $"HiddenServicePort 80 127.0.0.1:{Web.Port}",
            $"HiddenServiceDir {downDir}", $"HiddenServicePort 80 127.0.0.1:{ClosedPort()}",
        ], name: "svc", socks: false, ct: cts.Token);
        Client = await Net.AddClientAsync(cts.Token);
        foreach (var r in Net.Relays.Concat(Net.Authorities)) Relays.Add(await r.FingerprintAsync(cts.Token));
    }

    /// <summary>A loopback port that was free a moment ago and that nothing here listens on.</summary>
    private static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public async Task DisposeAsync()
    {
        if (Net is not null) await Net.DisposeAsync();
        await Web.DisposeAsync();
        Open.Dispose();
        Down.Dispose();
    }
}

/// <summary>`oniongroove probe` against real onion services on the private network: every
/// responsible HSDir asked separately, the descriptor decoded and checked, the page fetched over
/// tor; a site whose server is down and an address nobody publishes are unreachable.</summary>
[Collection(PrivateNetworks.Name)]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class ProbeNetworkTests(ProbeNetworkFixture f, ITestOutputHelper output) : IClassFixture<ProbeNetworkFixture>
{
    private static readonly TimeSpan Publication = TimeSpan.FromSeconds(120);

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private async Task<Run> ProbeAsync(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(["probe", .. args], o, e);
        output.WriteLine($"$ oniongroove probe {string.Join(' ', args)} → {code}\n{o}{e}");
        return new Run(code, o.ToString(), e.ToString());
    }

    private string[] Attached(string address, params string[] more) =>
        [address, "--control", f.Client.ControlEndpoint.ToString(), "--hsdir-timeout", "10", "--site-timeout", "45", .. more];

    private static JsonElement Site(Run r) => JsonDocument.Parse(r.Stdout).RootElement.GetProperty("data").GetProperty("sites")[0];

    private static bool AllHsDirsServe(Run r) =>
        r.Stdout.StartsWith('{') && Site(r).GetProperty("hsdirs") is { ValueKind: JsonValueKind.Array } h && h.GetArrayLength() > 0
        && h.EnumerateArray().All(x => x.GetProperty("usable").GetBoolean());

    [Fact]
    public async Task Probe_asks_every_responsible_hsdir_checks_the_descriptor_and_fetches_the_page()
    {
        var before = f.Web.Requests;
        // The service uploads within seconds of bootstrapping; until every HSDir has it the site is degraded.
        var run = await Eventually.ValueAsync(_ => ProbeAsync(Attached(f.Open.Address.ToString(), "--json")), r => r.ExitCode == ExitCodes.Ok,
            "a probe with every HSDir serving the descriptor", Publication, every: TimeSpan.FromSeconds(3), describe: r => r.Stdout + r.Stderr);
        var site = Site(run);
        Assert.Equal("ok", site.GetProperty("verdict").GetString());
        Assert.Equal(f.Open.Address.ToString(), site.GetProperty("address").GetString());

        var hsdirs = site.GetProperty("hsdirs").EnumerateArray().ToList();
        // 2 replicas × hsdir_spread_store 4, distinct, out of the 7 relays of this network.
        Assert.InRange(hsdirs.Count, 4, 8);
        var revision = site.GetProperty("descriptor").GetProperty("facts").GetProperty("revision_counter").GetUInt64();
        foreach (var h in hsdirs)
        {
            Assert.Contains(h.GetProperty("fingerprint").GetString()!, f.Relays);
            Assert.True(h.GetProperty("answered").GetBoolean());
            Assert.InRange(h.GetProperty("latency_seconds").GetDouble(), 0, 10);
            Assert.True(h.GetProperty("revision_counter").GetUInt64() > 0);
        }
        Assert.Equal(hsdirs.Count, hsdirs.Select(h => h.GetProperty("fingerprint").GetString()).Distinct().Count());
        Assert.Contains(hsdirs, h => h.GetProperty("clients_fetch").GetBoolean());
        Assert.Contains(hsdirs, h => h.GetProperty("revision_counter").GetUInt64() == revision);

        var descriptor = site.GetProperty("descriptor");
        Assert.True(descriptor.GetProperty("usable").GetBoolean());
        Assert.All(descriptor.GetProperty("checks").EnumerateArray(), c => Assert.Equal("ok", c.GetProperty("status").GetString()));
        Assert.True(descriptor.GetProperty("facts").GetProperty("intro_points").GetInt32() >= 1);
        Assert.Equal(180, descriptor.GetProperty("facts").GetProperty("lifetime_minutes").GetInt32());

        var fetch = Assert.Single(site.GetProperty("fetches").EnumerateArray());
        Assert.Equal($"http://{f.Open.Address}/", fetch.GetProperty("url").GetString());
        Assert.Equal(200, fetch.GetProperty("status_code").GetInt32());
        Assert.InRange(fetch.GetProperty("clock_skew_seconds").GetDouble(), -5, 5);
        Assert.True(f.Web.Requests > before, "the page request reached the web server behind the onion service");

        var text = await ProbeAsync(Attached(f.Open.Address.ToString()));
        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains($"{f.Open.Address}: ok", text.Stdout);
        Assert.Matches(@"HSDirs: (\d) of \1 serve a usable descriptor", text.Stdout);
        Assert.Contains($"http://{f.Open.Address}/: HTTP 200", text.Stdout);
    }

    [Fact]
    public async Task A_site_whose_server_is_down_is_unreachable_though_its_descriptor_is_fine()
    {
        var run = await Eventually.ValueAsync(_ => ProbeAsync(Attached(f.Down.Address.ToString(), "--json")), AllHsDirsServe,
            "every HSDir serving the descriptor", Publication, every: TimeSpan.FromSeconds(3), describe: r => r.Stdout + r.Stderr);
        Assert.Equal(ExitCodes.ProbeUnreachable, run.ExitCode);
        var site = Site(run);
        Assert.Equal("unreachable", site.GetProperty("verdict").GetString());
        Assert.True(site.GetProperty("descriptor").GetProperty("usable").GetBoolean());
        var fetch = Assert.Single(site.GetProperty("fetches").EnumerateArray());
        Assert.False(fetch.GetProperty("reached").GetBoolean());
        Assert.Contains(site.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith($"http://{f.Down.Address}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_address_nobody_publishes_is_unreachable_through_a_tor_the_probe_launches()
    {
        using var dir = new TempDir("ogprobe");
        File.WriteAllLines(dir["network.torrc"], f.Net.TorrcNetworkLines);
        using var nobody = IdentitySecretKey.Generate();
        var run = await ProbeAsync(nobody.Address.ToString(), "--torrc", dir["network.torrc"], "--data-dir", dir["tor"],
            "--hsdir-timeout", "10", "--bootstrap-timeout", "90", "--json");
        Assert.Equal(ExitCodes.ProbeUnreachable, run.ExitCode);
        var site = Site(run);
        var hsdirs = site.GetProperty("hsdirs").EnumerateArray().ToList();
        Assert.InRange(hsdirs.Count, 4, 8);
        Assert.All(hsdirs, h =>
        {
            Assert.False(h.GetProperty("answered").GetBoolean());
            Assert.Contains(h.GetProperty("fingerprint").GetString()!, f.Relays);
        });
        Assert.Empty(site.GetProperty("fetches").EnumerateArray());
        Assert.Contains("none of the", site.GetProperty("reasons")[0].GetString());
    }
}
