using System.Net;
using OnionGroove.Control;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Socks;
using OnionGroove.Core;

namespace OnionGroove.Mesh.Tor;

/// <summary>Finds tor's SOCKS port (GETINFO net/listeners/socks, control-spec §3.9): the first
/// listener on this host.</summary>
public static class TorSocksListener
{
    public static async Task<Result<IPEndPoint, Problem>> FindAsync(TorController tor, CancellationToken ct)
    {
        string value;
        try { value = await tor.GetInfoAsync("net/listeners/socks", ct).ConfigureAwait(false); }
        catch (ControlCommandException e) { return new Problem($"tor did not say where its SOCKS port is: {e.Message}"); }
        var parsed = SocksListeners.Parse(value);
        if (parsed.Count == 0) return new Problem("tor has no SOCKS port (SocksPort 0?): the mesh reaches remotes through it");
        return parsed.FirstOrDefault(e => IPAddress.IsLoopback(e.Address)) is { } ep ? ep
            : new Problem($"tor's SOCKS port ({parsed[0]}) is not on this host; the mesh talks to a local tor only");
    }
}
