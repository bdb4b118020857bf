using System.Text.Json;
using OnionGroove.Crypto;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Cli.Tests;

/// <summary>`descriptor fetch` on a private Tor network: two onion services run by a real tor (one
/// with client authorisation), fetched through a client tor's control port. Everything the command
/// prints is checked against the network itself: the signature and blinded key against the
/// address, the intro points against the relays that exist.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class DescriptorFetchNetworkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Fetch_prints_decodes_and_decrypts_published_descriptors()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = cts.Token;
        await using var net = await PrivateTorNetwork.StartAsync(new TorNetworkOptions { Relays = 4 }, ct);
        using var dir = new TempDir("ogf");
        using var open = IdentitySecretKey.Generate();
        using var closed = IdentitySecretKey.Generate();
        using var alice = ClientAuthSecretKey.Generate();
        var openDir = Path.Combine(net.BaseDirectory, "hs-open");
        var closedDir = Path.Combine(net.BaseDirectory, "hs-closed");
        TorKeyFiles.WriteHiddenServiceDir(openDir, open);
        TorKeyFiles.WriteHiddenServiceDir(closedDir, closed);
        Directory.CreateDirectory(Path.Combine(closedDir, "authorized_clients"));
        File.WriteAllText(Path.Combine(closedDir, "authorized_clients", "alice.auth"), alice.PublicKey.ToAuthFileLine() + "\n");
        File.WriteAllText(dir["alice.auth_private"], alice.ExportAuthPrivateLine(closed.Address) + "\n");

        await net.StartTorAsync(
        [
            $"HiddenServiceDir {openDir}", "HiddenServicePort 80 127.0.0.1:9",
            $"HiddenServiceDir {closedDir}", "HiddenServicePort 80 127.0.0.1:9",
        ], name: "svc", socks: false, ct: ct);
        var client = await net.AddClientAsync(ct);
        var control = client.ControlEndpoint.ToString();

        var relays = new HashSet<string>();
        foreach (var r in net.Relays.Concat(net.Authorities)) relays.Add(await r.FingerprintAsync(ct));

        // Published within seconds of the service's bootstrap; retry until an HSDir has it.
        var json = await FetchUntilOkAsync(ct, "descriptor", "fetch", open.Address.ToString(), "--control", control, "--timeout", "20", "--json");
        using (var doc = JsonDocument.Parse(json.Stdout))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
            var d = doc.RootElement.GetProperty("data");
            Assert.Equal(open.Address.ToString(), d.GetProperty("address").GetString());
            Assert.True(d.GetProperty("revision_counter").GetUInt64() > 0);
            Assert.False(d.GetProperty("client_auth").GetBoolean());
            // Test network: 24 voting intervals of 20 s, found from tor (not the 1440-minute default).
            Assert.Equal(8, d.GetProperty("time_period").GetProperty("length_minutes").GetInt32());
            var ips = d.GetProperty("introduction_points").EnumerateArray().ToList();
            Assert.NotEmpty(ips);
            foreach (var ip in ips)
            {
                var legacy = ip.GetProperty("link_specifiers").EnumerateArray()
                    .Single(l => l.GetProperty("type").GetString() == "legacy-id").GetProperty("value").GetString()!;
                Assert.Contains(legacy, relays); // every intro point is one of this network's relays
                var v4 = ip.GetProperty("link_specifiers").EnumerateArray().Single(l => l.GetProperty("type").GetString() == "ipv4");
                Assert.Equal("127.0.0.1", v4.GetProperty("address").GetString());
            }
        }

        var text = Run("descriptor", "fetch", open.Address.ToString(), "--control", control, "--timeout", "30");
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Matches(@"revision counter:\s+\d+", text.Stdout);
        Assert.Matches(@"introduction points \([1-9]\d*\):", text.Stdout);
        Assert.Contains("client auth:        no", text.Stdout);

        // The client-auth service: without the key nothing can be read; with it, everything.
        var withKey = await FetchUntilOkAsync(ct, "descriptor", "fetch", closed.Address.ToString(), "--control", control, "--timeout", "20",
            "--client-key", dir["alice.auth_private"]);
        output.WriteLine(withKey.Stdout);
        Assert.Contains("client auth:        yes", withKey.Stdout);
        Assert.Matches(@"introduction points \([1-9]\d*\):", withKey.Stdout);
        Assert.DoesNotContain(alice.ExportBase32(), withKey.Stdout + withKey.Stderr);

        var without = Run("descriptor", "fetch", closed.Address.ToString(), "--control", control, "--timeout", "30");
        Assert.Equal(ExitCodes.NoIdentity, without.ExitCode);
        Assert.Contains("--client-key", without.Stderr);
    }

    private CliRunner.Result Run(params string[] args)
    {
        var r = CliRunner.Run(args);
        output.WriteLine($"$ oniongroove {string.Join(' ', args)} → {r.ExitCode}\n{r.Stderr}");
        return r;
    }

    private Task<CliRunner.Result> FetchUntilOkAsync(CancellationToken ct, params string[] args) =>
        Eventually.ValueAsync(_ => Task.Run(() => Run(args), ct), r => r.ExitCode == 0, "a successful fetch", TimeSpan.FromSeconds(150),
            every: TimeSpan.FromSeconds(3), describe: r => $"fetch never succeeded: {r.Stderr}", ct: ct);
}
