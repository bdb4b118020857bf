using System.Net;
using OnionGroove.Control.Socks;
using OnionGroove.Core;

namespace OnionGroove.Mesh.Tor;

/// <summary>The mesh's streams to <c>onion:port</c>: through <see cref="Socks5Client"/>, and only to
/// a SOCKS port on this host (tor-only: the node's connections go to its local tor and nowhere else).</summary>
public static class TorSocks
{
    public static async Task<Result<Stream, SocksFailure>> ConnectAsync(IPEndPoint socks, string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        if (!IPAddress.IsLoopback(socks.Address))
            return new SocksFailure(0, $"tor's SOCKS port {socks} is not on this host; the mesh talks to a local tor only");
        return (await Socks5Client.ConnectAsync(socks, host, port, timeout, ct).ConfigureAwait(false))
            .MapError(f => f.Code == 0 ? f : f with { Message = $"tor could not reach {host}:{port}: {f.Message}" });
    }
}
