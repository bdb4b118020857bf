using System.Net;
using System.Net.Sockets;
using System.Text;
using OnionGroove.Core;

namespace OnionGroove.Mesh.Tor;

/// <summary>Why tor could not open a stream: the SOCKS5 reply code (RFC 1928 §6, tor's extended
/// onion-service codes 0xF0-0xF7 from socks-extensions.txt when the SocksPort has ExtendedErrors)
/// or a local reason (Code 0).</summary>
public sealed record SocksFailure(byte Code, string Message)
{
    public const byte MissingClientAuth = 0xF4;
    public const byte BadClientAuth = 0xF5;

    /// <summary>True when tor said the onion service needs a client key it does not have or refused ours.</summary>
    public bool IsClientAuth => Code is MissingClientAuth or BadClientAuth;

    public override string ToString() => Message;
}

/// <summary>Opens a TCP stream to <c>onion:port</c> through tor's SOCKS port (SOCKS5, the host name
/// is sent to tor: nothing is resolved locally). A fresh username per stream keeps streams on
/// separate circuits (IsolateSOCKSAuth, tor's default).</summary>
public static class TorSocks
{
    public static async Task<Result<Stream, SocksFailure>> ConnectAsync(IPEndPoint socks, string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        if (!IPAddress.IsLoopback(socks.Address))
            return new SocksFailure(0, $"tor's SOCKS port {socks} is not on this host; the mesh talks to a local tor only");
        var socket = new Socket(socks.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(socks, cts.Token).ConfigureAwait(false);
            var s = new NetworkStream(socket, ownsSocket: true);
            await s.WriteAsync(new byte[] { 5, 1, 2 }, cts.Token).ConfigureAwait(false);
            var hello = await Read(s, 2, cts.Token).ConfigureAwait(false);
            if (hello[0] != 5 || hello[1] != 2) { await s.DisposeAsync(); return new SocksFailure(0, $"{socks} is not tor's SOCKS port (it refused username authentication)"); }
            var user = Encoding.ASCII.GetBytes("ogmesh-" + Guid.NewGuid().ToString("N")[..16]);
            var auth = new byte[3 + user.Length + 1];
            auth[0] = 1; auth[1] = (byte)user.Length; user.CopyTo(auth, 2); auth[2 + user.Length] = 1; auth[3 + user.Length] = (byte)'x';
            await s.WriteAsync(auth, cts.Token).ConfigureAwait(false);
            if ((await Read(s, 2, cts.Token).ConfigureAwait(false))[1] != 0) { await s.DisposeAsync(); return new SocksFailure(0, "tor refused the SOCKS username"); }

            var h = Encoding.ASCII.GetBytes(host);
            var req = new byte[7 + h.Length];
            req[0] = 5; req[1] = 1; req[3] = 3; req[4] = (byte)h.Length;
            h.CopyTo(req, 5);
            req[5 + h.Length] = (byte)(port >> 8); req[6 + h.Length] = (byte)port;
            await s.WriteAsync(req, cts.Token).ConfigureAwait(false);
            var head = await Read(s, 4, cts.Token).ConfigureAwait(false);
            if (head[1] != 0) { await s.DisposeAsync(); return new SocksFailure(head[1], $"tor could not reach {host}:{port}: {Describe(head[1])}"); }
            // The bound address: IPv4 (4), domain (1 + n) or IPv6 (16) bytes, then the port.
            var rest = head[3] switch { 1 => 4 + 2, 4 => 16 + 2, 3 => (await Read(s, 1, cts.Token).ConfigureAwait(false))[0] + 2, _ => -1 };
            if (rest < 0) { await s.DisposeAsync(); return new SocksFailure(0, "tor's SOCKS reply is malformed"); }
            await Read(s, rest, cts.Token).ConfigureAwait(false);
            return s;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            return new SocksFailure(0, $"tor did not open a stream to {host}:{port} within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is IOException or SocketException or EndOfStreamException)
        {
            socket.Dispose();
            return new SocksFailure(0, $"tor's SOCKS port {socks}: {e.Message}");
        }
    }

    public static string Describe(byte code) => code switch
    {
        1 => "general failure",
        2 => "not allowed by tor's rules",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused by the remote node (is the export's target running?)",
        6 => "TTL expired",
        0xF0 => "onion service descriptor not found",
        0xF1 => "onion service descriptor invalid",
        0xF2 => "introduction failed",
        0xF3 => "rendezvous failed",
        0xF4 => "the onion service needs client authorisation and tor has no key for it",
        0xF5 => "the onion service refused this node's client key (revoked?)",
        0xF6 => "invalid onion address",
        0xF7 => "introduction timed out",
        _ => $"SOCKS error 0x{code:x2}",
    };

    private static async Task<byte[]> Read(Stream s, int n, CancellationToken ct)
    {
        var buf = new byte[n];
        await s.ReadExactlyAsync(buf, ct).ConfigureAwait(false);
        return buf;
    }
}
