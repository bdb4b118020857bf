using System.Net;
using System.Net.Sockets;

namespace OnionGroove.TestNetwork;

/// <summary>Free TCP ports on 127.0.0.1, for the ORPort/DirPort values that other tors must know in
/// advance (control and SOCKS ports use tor's own "auto"). A port is handed out once per process,
/// so two networks in one test run never collide with each other.</summary>
public static class LoopbackPorts
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Given)
                if (Given.Add(port)) return port;
        }
        throw new InvalidOperationException("no free loopback port");
    }
}
