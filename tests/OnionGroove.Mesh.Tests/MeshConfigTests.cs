using System.Net;
using System.Text;
using OnionGroove.Crypto.Keys;
using OnionGroove.Mesh.Config;
using OnionGroove.TestSupport;
using OnionGroove.TestSupport.Fuzz;

namespace OnionGroove.Mesh.Tests;

public sealed class MeshConfigTests
{
    internal static MeshConfig Sample(AnonymityMode mode = AnonymityMode.TorOnly)
    {
        var address = IdentitySecretKey.Generate().Address;
        var remote = IdentitySecretKey.Generate().Address;
        using var ck = ClientAuthSecretKey.Generate();
        return new MeshConfig(address, mode,
            new MeshTorSettings("/usr/bin/tor", null, null, null, ["Log \"debug\" file /tmp/x y", "ClientUseIPv6 0"]),
            [new MeshExport(22, new HostPort(IPAddress.Loopback, 22), false), new MeshExport(80, new HostPort(IPAddress.IPv6Loopback, 8080), false)],
            [new MeshClient("laptop", ck.PublicKey)],
            mode == AnonymityMode.TorOnly ? [new MeshRemote("web-1", remote)] : [],
            mode == AnonymityMode.TorOnly ? [new MeshImport("web-1", 22, new HostPort(IPAddress.Loopback, 2222))] : []);
    }

    [Theory]
    [InlineData(AnonymityMode.TorOnly)]
    [InlineData(AnonymityMode.SingleHop)]
    public void What_the_writer_writes_the_parser_reads_back(AnonymityMode mode)
    {
        var c = Sample(mode);
        var text = MeshConfigWriter.Write(c);
        var back = MeshConfigParser.Parse(text, "mesh.yml");
        Assert.True(back.IsSuccess, string.Join("\n", back.Error ?? []));
        var r = back.Value;
        Assert.Equal(c.Address, r.Address);
        Assert.Equal(c.Anonymity, r.Anonymity);
        Assert.Equal(c.Tor.Executable, r.Tor.Executable);
        Assert.Equal(c.Tor.TorrcLines, r.Tor.TorrcLines);
        Assert.Equal(c.Exports.Select(e => e with { Line = 0 }), r.Exports.Select(e => e with { Line = 0 }));
        Assert.Equal(c.Clients.Select(x => (x.Name, x.Key)), r.Clients.Select(x => (x.Name, x.Key)));
        Assert.Equal(c.Remotes.Select(x => x with { Line = 0 }), r.Remotes.Select(x => x with { Line = 0 }));
        Assert.Equal(c.Imports.Select(x => x with { Line = 0 }), r.Imports.Select(x => x with { Line = 0 }));
        Assert.Equal(text, MeshConfigWriter.Write(r));
    }

    [Theory]
    [InlineData("exports:\n  - port: 70000\n", "export port must be a whole number 1-65535", 2)]
    [InlineData("exports:\n  - port: 22\n    target: example.com:22\n", "not an IP address", 3)]
    [InlineData("exports:\n  - port: 22\n  - port: 22\n", "export port '22' appears 2 times", 3)]
    [InlineData("exports:\n  - port: 22\n    target: 192.168.1.5:22\n", "tor-only nodes forward only to loopback targets", 2)]
    [InlineData("imports:\n  - remote: nobody\n    port: 22\n    listen: 127.0.0.1:2222\n", "unknown remote 'nobody'", 2)]
    [InlineData("clients:\n  - name: Laptop\n    key: x\n", "client name 'Laptop' must start", 2)]
    [InlineData("colour: blue\n", "unknown key 'colour'", 1)]
    public void Problems_name_their_line(string extra, string expected, int lineInExtra)
    {
        var text = MeshConfigWriter.Write(Sample() with { Exports = [], Clients = [], Remotes = [], Imports = [] })
            .Replace("exports: []\n", "").Replace("clients: []\n", "").Replace("remotes: []\n", "").Replace("imports: []\n", "");
        // The extra text starts on the line after the base text.
        var line = text.Count(c => c == '\n') + lineInExtra;
        var r = MeshConfigParser.Parse(text + extra, "/n/mesh.yml");
        Assert.False(r.IsSuccess);
        var p = Assert.Single(r.Error!, x => x.Message.Contains(expected));
        Assert.Equal(line, p.Line);
        Assert.StartsWith($"/n/mesh.yml:{line}: ", p.ToString());
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("address: x\n", "'version' is missing")]
    [InlineData("version: 2\naddress: x\n", "version 2 is not supported")]
    [InlineData("- a\n", "must be a YAML mapping")]
    [InlineData("version: 1\nversion: 1\n", "not valid YAML")]
    public void Broken_files_are_refused(string text, string expected) =>
        Assert.Contains(MeshConfigParser.Parse(text, "mesh.yml").Error!, p => p.Message.Contains(expected));

    [Fact]
    public void The_tor_section_needs_exactly_one_way_to_reach_tor()
    {
        var c = MeshConfigWriter.Write(Sample());
        var both = c.Replace("tor:\n", "tor:\n  control: \"127.0.0.1:9051\"\n");
        Assert.Contains(MeshConfigParser.Parse(both, "m").Error!, p => p.Message.Contains("exactly one of 'executable'"));
        var remoteControl = c.Replace("  executable: \"/usr/bin/tor\"\n", "  control: \"10.1.2.3:9051\"\n")
            .Replace("  torrc:\n    - \"Log \\\"debug\\\" file /tmp/x y\"\n    - \"ClientUseIPv6 0\"\n", "");
        Assert.Contains(MeshConfigParser.Parse(remoteControl, "m").Error!, p => p.Message.Contains("tor-only nodes talk to a local tor only"));
    }

    [Fact]
    public void Single_hop_nodes_have_no_remotes_or_imports_and_exports_do_not_mix_public_and_private()
    {
        var single = Sample(AnonymityMode.SingleHop);
        var withRemote = single with { Remotes = Sample().Remotes };
        Assert.Contains(MeshConfigParser.Parse(MeshConfigWriter.Write(withRemote), "m").Error!, p => p.Message.Contains("single-hop node cannot have remotes"));
        var mixed = Sample() with { Exports = [new MeshExport(22, new HostPort(IPAddress.Loopback, 22), false), new MeshExport(80, new HostPort(IPAddress.Loopback, 80), true)] };
        Assert.Contains(MeshConfigParser.Parse(MeshConfigWriter.Write(mixed), "m").Error!, p => p.Message.Contains("public and client-authorised exports"));
    }

    [Fact]
    public void Fuzzed_files_are_refused_with_a_message_or_read_never_thrown()
    {
        var valid = new[] { MeshConfigWriter.Write(Sample()), MeshConfigWriter.Write(Sample(AnonymityMode.SingleHop)) }
            .Select(Encoding.UTF8.GetBytes).ToList();
        var report = Fuzzer.Run("mesh.yml", Fuzzer.Seed(14_02), 3000, valid, input =>
        {
            var r = MeshConfigParser.Parse(Encoding.UTF8.GetString(input), "mesh.yml");
            if (r.IsSuccess) return null;
            Assert.All(r.Error!, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
            return string.Join("; ", r.Error!);
        });
        Assert.True(report.Accepted > 0 && report.Refused > 0, report.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:22", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData("localhost:22", false)]
    [InlineData("::1:22", false)]
    [InlineData("127.0.0.1:0", false)]
    [InlineData("127.0.0.1:65536", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("[fe80::1%eth0]:22", false)]
    public void Host_ports_are_ip_and_port_only(string text, bool ok) => Assert.Equal(ok, HostPort.Parse(text).IsSuccess);
}
