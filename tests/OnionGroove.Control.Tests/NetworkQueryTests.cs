using OnionGroove.TestSupport;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Network;
using OnionGroove.TestNetwork;

namespace OnionGroove.Control.Tests;

/// <summary>What tor says about its network: TestingTorNetwork and the consensus lifetime.</summary>
public sealed class NetworkQueryTests
{
    [Fact]
    public async Task Consensus_times_give_the_voting_interval_and_a_test_network_says_so()
    {
        var server = new FakeControlServer(line => line switch
        {
            _ when line.StartsWith("PROTOCOLINFO") => "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n250 OK\r\n",
            "GETCONF TestingTorNetwork" => "250 TestingTorNetwork=1\r\n",
            _ when line.StartsWith("GETINFO consensus/") =>
                "250-consensus/valid-after=2026-12-05 17:00:00\r\n250-consensus/fresh-until=2026-12-05 17:00:20\r\n" +
                "250-consensus/valid-until=2026-12-05 17:01:00\r\n250 OK\r\n",
            _ => "250 OK\r\n",
        });
        await using var _ = server;
        await using var tor = await TorController.ConnectAsync(server.Endpoint, ControlAuth.None);
        var times = await tor.GetConsensusTimesAsync();
        Assert.Equal(new ConsensusTimes(new DateTimeOffset(2026, 12, 5, 17, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 5, 17, 0, 20, TimeSpan.Zero), new DateTimeOffset(2026, 12, 5, 17, 1, 0, TimeSpan.Zero)), times.Value);
        Assert.Equal(new TorNetworkSchedule(true, TimeSpan.FromSeconds(20)), (await tor.GetNetworkScheduleAsync()).Value);
    }

    [Fact]
    public async Task An_unreadable_time_is_a_refusal_not_an_exception()
    {
        var server = new FakeControlServer(line => line.StartsWith("PROTOCOLINFO")
            ? "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n250 OK\r\n"
            : line.StartsWith("GETINFO")
                ? "250-consensus/valid-after=yesterday\r\n250-consensus/fresh-until=x\r\n250-consensus/valid-until=y\r\n250 OK\r\n"
                : "250 OK\r\n");
        await using var _ = server;
        await using var tor = await TorController.ConnectAsync(server.Endpoint, ControlAuth.None);
        var times = await tor.GetConsensusTimesAsync();
        Assert.Null(times.Error?.Status);
        Assert.Contains("consensus/valid-after is not an ISOTime", times.Error!.ToString());
    }

    [Trait(TestCategory.Name, TestCategory.Network)]
    [Fact]
    public async Task A_real_tor_without_consensus_says_so_and_reports_its_network_kind()
    {
        await using var plain = await StandaloneTor.StartAsync();
        await using (var c = await plain.Tor.ConnectAsync())
        {
            Assert.False((await c.IsTestingNetworkAsync()).Value);
            // tor answers the consensus keys with empty values while it has no consensus.
            var times = await c.GetConsensusTimesAsync();
            Assert.Equal("tor has no consensus yet", times.Error?.Reason);
            Assert.Equal("tor has no consensus yet", (await c.GetNetworkScheduleAsync()).Error?.Reason);
        }

        // TestingTorNetwork needs its own authorities; a made-up one is enough for tor to start offline.
        using var dir = new TestSupport.TempDir("ogq");
        await using var testing = await TorProcess.StartAsync("t", dir["d"], ["DisableNetwork 1", "TestingTorNetwork 1",
            "DirAuthority a orport=9 no-v2 v3ident=0000000000000000000000000000000000000000 127.0.0.1:9 0000000000000000000000000000000000000000"]);
        await using var t = await testing.ConnectAsync();
        Assert.True((await t.IsTestingNetworkAsync()).Value);
    }
}
