using System.Net;

namespace OnionGroove.Control.Socks;

/// <summary>tor's SOCKS listeners from GETINFO net/listeners/socks (control-spec §3.9): a list of
/// quoted addresses, "127.0.0.1:9050" "unix:/run/tor/socks"; only the TCP ones are usable here.</summary>
public static class SocksListeners
{
    /// <summary>The TCP listeners, in tor's order (unix sockets and unparsable entries left out).</summary>
    public static List<IPEndPoint> Parse(string value)
    {
        var list = new List<IPEndPoint>();
        foreach (var raw in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (IPEndPoint.TryParse(raw.Trim('"'), out var ep) && ep.Port != 0) list.Add(ep);
        return list;
    }
}
