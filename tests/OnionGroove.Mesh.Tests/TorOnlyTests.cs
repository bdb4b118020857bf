using System.Net;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Tor;

namespace OnionGroove.Mesh.Tests;

/// <summary>tor-only (issue 14 item 2): the node's own connections go to tor on this host and
/// nowhere else.</summary>
public sealed class TorOnlyTests
{
    [Fact]
    public async Task Streams_are_opened_only_through_a_SOCKS_port_on_this_host()
    {
        // A SOCKS endpoint elsewhere is refused before any connection is attempted (TEST-NET-1 would otherwise hang).
        var r = await TorSocks.ConnectAsync(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 9050), "x.onion", 22, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.False(r.IsSuccess);
        Assert.Contains("not on this host", r.Error!.Message);
    }

    [Fact]
    public void Tor_only_refuses_export_targets_and_control_ports_off_this_host_single_hop_refuses_remotes()
    {
        var tor = new MeshTorSettings(null, "192.0.2.1:9051", null, null, []);
        var exports = new[] { new MeshExport(80, new HostPort(IPAddress.Parse("192.0.2.9"), 80), false) };
        var problems = MeshRules.Check(AnonymityMode.TorOnly, tor, exports, [], []).Select(p => p.Message).ToList();
        Assert.Contains(problems, m => m.Contains("target 192.0.2.9:80 is not on this host"));
        Assert.Contains(problems, m => m.Contains("tor.control 192.0.2.1:9051 is not on this host"));

        var launch = new MeshTorSettings("/usr/bin/tor", null, null, null, []);
        var remote = new MeshRemote("r", Crypto.Keys.IdentitySecretKey.Generate().Address);
        Assert.Contains(MeshRules.Check(AnonymityMode.SingleHop, launch, [], [remote], []), p => p.Message.Contains("single-hop node cannot have remotes"));
        Assert.Empty(MeshRules.Check(AnonymityMode.TorOnly, launch, [new MeshExport(22, new HostPort(IPAddress.IPv6Loopback, 22), false)], [remote], []));
    }

    [Fact]
    public void A_launched_tor_is_a_client_with_extended_errors_or_single_hop_without_SOCKS()
    {
        var launch = new MeshTorSettings("/usr/bin/tor", null, null, null, ["ClientUseIPv6 1"]);
        var torOnly = MeshTorAccess.TorrcLines(launch, AnonymityMode.TorOnly);
        Assert.Contains("SocksPort 127.0.0.1:auto ExtendedErrors", torOnly);
        Assert.DoesNotContain(torOnly, l => l.Contains("NonAnonymous"));
        Assert.Equal("ClientUseIPv6 1", torOnly[^1]);
        var single = MeshTorAccess.TorrcLines(launch, AnonymityMode.SingleHop);
        Assert.Contains("SocksPort 0", single);
        Assert.Contains("HiddenServiceNonAnonymousMode 1", single);
        Assert.Contains("HiddenServiceSingleHopMode 1", single);
    }
}
