using System.Net;
using System.Net.Sockets;
using System.Text;
using OnionGroove.Core;

namespace OnionGroove.Control.Socks;

/// <summary>Opens a TCP stream to <c>host:port</c> through tor's SOCKS port (SOCKS5, RFC 1928, with
/// username authentication, RFC 1929). The host name goes to tor: nothing is resolved here. A fresh
/// username per stream keeps streams on separate circuits (IsolateSOCKSAuth, tor's default), so a
/// broken circuit is not reused.</summary>
public static class Socks5Client
{
    public static async Task<Result<Stream, SocksFailure>> ConnectAsync(IPEndPoint socks, string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        var hostBytes = Encoding.ASCII.GetBytes(host);
        if (hostBytes.Length is 0 or > 255) return new SocksFailure(0, $"'{host}' cannot be sent over SOCKS5 (1 to 255 characters)");
        if (port is < 1 or > 65535) return new SocksFailure(0, $"port {port} is out of range");
        var socket = new Socket(socks.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        NetworkStream? s = null;
        try
        {
            await socket.ConnectAsync(socks, cts.Token).ConfigureAwait(false);
            s = new NetworkStream(socket, ownsSocket: true);
            // Greeting: version 5, one method, username/password (for the per-stream isolation).
            await s.WriteAsync(new byte[] { 5, 1, 2 }, cts.Token).ConfigureAwait(false);
            var hello = await Read(s, 2, cts.Token).ConfigureAwait(false);
            if (hello[0] != 5 || hello[1] != 2) return Fail(s, 0, $"{socks} is not tor's SOCKS port (it refused username authentication)");
            var user = Encoding.ASCII.GetBytes("og-" + Guid.NewGuid().ToString("N")[..16]);
            var auth = new byte[3 + user.Length + 1];
            auth[0] = 1; auth[1] = (byte)user.Length; user.CopyTo(auth, 2); auth[2 + user.Length] = 1; auth[3 + user.Length] = (byte)'x';
            await s.WriteAsync(auth, cts.Token).ConfigureAwait(false);
            if ((await Read(s, 2, cts.Token).ConfigureAwait(false))[1] != 0) return Fail(s, 0, "tor refused the SOCKS username");

            // CONNECT with a domain name (ATYP 3).
            var req = new byte[7 + hostBytes.Length];
            req[0] = 5; req[1] = 1; req[3] = 3; req[4] = (byte)hostBytes.Length;
            hostBytes.CopyTo(req, 5);
            req[5 + hostBytes.Length] = (byte)(port >> 8); req[6 + hostBytes.Length] = (byte)port;
            await s.WriteAsync(req, cts.Token).ConfigureAwait(false);
            var head = await Read(s, 4, cts.Token).ConfigureAwait(false);
            if (head[1] != SocksReply.Succeeded) return Fail(s, head[1], SocksReply.Describe(head[1]));
            // The bound address: IPv4 (4), domain (1 + n) or IPv6 (16) bytes, then the port.
            var rest = head[3] switch { 1 => 4 + 2, 4 => 16 + 2, 3 => (await Read(s, 1, cts.Token).ConfigureAwait(false))[0] + 2, _ => -1 };
            if (rest < 0) return Fail(s, 0, "tor's SOCKS reply is malformed");
            await Read(s, rest, cts.Token).ConfigureAwait(false);
            return s;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Close(s, socket);
            return new SocksFailure(0, $"no stream to {host}:{port} within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is IOException or SocketException or EndOfStreamException)
        {
            Close(s, socket);
            return new SocksFailure(0, $"tor's SOCKS port {socks}: {e.Message}");
        }
        catch
        {
            Close(s, socket);
            throw;
        }
    }

    private static SocksFailure Fail(Stream s, byte code, string message)
    {
        s.Dispose();
        return new SocksFailure(code, message);
    }

    private static void Close(Stream? s, Socket socket)
    {
        if (s is not null) s.Dispose();
        else socket.Dispose();
    }

    private static async Task<byte[]> Read(Stream s, int n, CancellationToken ct)
    {
        var buf = new byte[n];
        await s.ReadExactlyAsync(buf, ct).ConfigureAwait(false);
        return buf;
    }
}
