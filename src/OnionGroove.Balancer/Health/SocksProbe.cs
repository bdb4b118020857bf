using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnionGroove.Balancer.Health;

/// <summary>Opens a stream to <c>onion:port</c> through tor's SocksPort (SOCKS5, RFC 1928, host
/// name sent to tor: no local resolution) and closes it again: the backend is reachable when tor
/// answers "succeeded". A fresh username per probe (with IsolateSOCKSAuth, tor's default) keeps a
/// broken circuit from being reused.</summary>
public static class SocksProbe
{
    public sealed record Result(bool Reachable, string Detail);

    public static async Task<Result> ProbeAsync(IPEndPoint socks, string onionHost, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        using var socket = new Socket(socks.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(socks, cts.Token);
            await using var s = new NetworkStream(socket, ownsSocket: false);
            // Greeting: version 5, one method, username/password (so we can isolate per probe).
            await s.WriteAsync(new byte[] { 5, 1, 2 }, cts.Token);
            var reply = await ReadExactly(s, 2, cts.Token);
            if (reply[0] != 5 || reply[1] != 2) return new(false, "tor's SocksPort refused username authentication");
            var user = Encoding.ASCII.GetBytes("og-probe-" + Guid.NewGuid().ToString("N")[..12]);
            var auth = new byte[3 + user.Length + 1];
            auth[0] = 1; auth[1] = (byte)user.Length; user.CopyTo(auth, 2); auth[2 + user.Length] = 1; auth[3 + user.Length] = (byte)'x';
            await s.WriteAsync(auth, cts.Token);
            var authReply = await ReadExactly(s, 2, cts.Token);
            if (authReply[1] != 0) return new(false, "SOCKS authentication failed");

            var host = Encoding.ASCII.GetBytes(onionHost);
            var req = new byte[7 + host.Length];
            req[0] = 5; req[1] = 1; req[2] = 0; req[3] = 3; req[4] = (byte)host.Length;
            host.CopyTo(req, 5);
            req[5 + host.Length] = (byte)(port >> 8); req[6 + host.Length] = (byte)port;
            await s.WriteAsync(req, cts.Token);
            var head = await ReadExactly(s, 2, cts.Token);
            return head[1] == 0 ? new(true, "connected") : new(false, Describe(head[1]));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, $"no connection within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is IOException or SocketException or EndOfStreamException)
        {
            return new(false, e.Message);
        }
    }

    /// <summary>SOCKS5 reply codes, including tor's extended onion-service errors (0xF0–0xF7).</summary>
    private static string Describe(byte code) => code switch
    {
        1 => "general failure",
        4 => "host unreachable",
        5 => "connection refused",
        6 => "TTL expired",
        0xF0 => "onion service descriptor not found",
        0xF1 => "onion service descriptor invalid",
        0xF2 => "introduction failed",
        0xF3 => "rendezvous failed",
        0xF4 => "client authorisation missing",
        0xF5 => "client authorisation wrong",
        0xF6 => "invalid onion address",
        0xF7 => "introduction timed out",
        _ => $"SOCKS error {code}",
    };

    private static async Task<byte[]> ReadExactly(Stream s, int n, CancellationToken ct)
    {
        var buf = new byte[n];
        await s.ReadExactlyAsync(buf, ct);
        return buf;
    }
}
