using System.Net;
using OnionGroove.Control.Socks;

namespace OnionGroove.Balancer.Health;

/// <summary>A health probe: opens a stream to <c>onion:port</c> through tor's SocksPort
/// (<see cref="Socks5Client"/>, a fresh circuit each time) and closes it again. The backend is
/// reachable when tor answers "succeeded"; otherwise the detail is tor's reason.</summary>
public static class SocksProbe
{
    public sealed record Result(bool Reachable, string Detail);

    public static async Task<Result> ProbeAsync(IPEndPoint socks, string onionHost, int port, TimeSpan timeout, CancellationToken ct)
    {
        var r = await Socks5Client.ConnectAsync(socks, onionHost, port, timeout, ct);
        if (!r.TryGet(out var stream, out var failure)) return new(false, failure.Message);
        await stream.DisposeAsync();
        return new(true, "connected");
    }
}
