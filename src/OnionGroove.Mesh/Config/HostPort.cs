using System.Net;
using System.Net.Sockets;
using OnionGroove.Core;

namespace OnionGroove.Mesh.Config;

/// <summary>An IP address and port as the configuration and the command line write it:
/// <c>127.0.0.1:22</c> or <c>[::1]:22</c>. Host names are refused on purpose: resolving one would be
/// a DNS query outside tor.</summary>
public sealed record HostPort(IPAddress Address, int Port)
{
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    public IPEndPoint EndPoint => new(Address, Port);

    public static Result<HostPort, Problem> Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new Problem("an address is empty (want IP:PORT)");
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return new Problem($"'{text}' is not IP:PORT");
        var hostPart = text[..colon];
        var portPart = text[(colon + 1)..];
        if (!int.TryParse(portPart, System.Globalization.NumberStyles.None, null, out var port) || port is < 1 or > 65535)
            return new Problem($"'{text}': the port must be 1-65535");
        var v6 = hostPart.StartsWith('[') && hostPart.EndsWith(']');
        var host = v6 ? hostPart[1..^1] : hostPart;
        if (!IPAddress.TryParse(host, out var ip) || (ip.AddressFamily == AddressFamily.InterNetworkV6) != v6 || host.Contains('%'))
            return new Problem($"'{text}': '{hostPart}' is not an IP address (IPv4, or IPv6 in brackets; host names are not resolved)");
        return new HostPort(ip, port);
    }

    public override string ToString() => Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
