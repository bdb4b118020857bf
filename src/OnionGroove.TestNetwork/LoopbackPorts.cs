using System.Net;
using System.Net.Sockets;

namespace OnionGroove.TestNetwork;

/// <summary>Free TCP ports on 127.0.0.1, for the ORPort/DirPort values that other tors must know in
/// advance (control and SOCKS ports use tor's own "auto"). Ports are drawn at random below Linux's
/// ephemeral range (32768–60999 by default): a port the kernel hands out for "any free port" can be
/// handed out again, or become the source port of one of tor's own outgoing connections, before the
/// tor it was meant for binds it. Drawn at random so that test processes running side by side rarely
/// meet, checked by binding, and handed out once per process.</summary>
public static class LoopbackPorts
{
    private const int First = 20000;
    private const int Last = 32767;
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            lock (Given)
            {
                if (Given.Contains(port) || !IsFree(port)) continue;
                Given.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"no free loopback port between {First} and {Last}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
