using System.Net;
using System.Net.Sockets;

namespace OnionGroove.TestNetwork.Tests;

public class LoopbackPortsTests
{
    [Fact]
    public void Ports_are_distinct_bindable_and_below_the_ephemeral_range()
    {
        var ports = Enumerable.Range(0, 200).Select(_ => LoopbackPorts.Next()).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 1024, EphemeralRangeStart() - 1));
        foreach (var p in ports.Take(20))
        {
            using var l = new TcpListener(IPAddress.Loopback, p);
            l.Start(); // throws if the port was not free
        }
    }

    [Fact]
    public void A_port_in_use_is_never_handed_out()
    {
        // Occupy a run of ports the allocator may draw, then draw many: none of them may be taken.
        var held = new List<TcpListener>();
        try
        {
            for (var p = 20000; p < 20200; p++)
            {
                var l = new TcpListener(IPAddress.Loopback, p);
                try { l.Start(); held.Add(l); } catch (SocketException) { }
            }
            var busy = held.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToHashSet();
            for (var i = 0; i < 2000; i++) Assert.DoesNotContain(LoopbackPorts.Next(), busy);
        }
        finally
        {
            foreach (var l in held) l.Stop();
        }
    }

    private static int EphemeralRangeStart()
    {
        var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
        return int.Parse(text.Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0]);
    }
}
