using System.Net;

namespace OnionGroove.Balancer.Config;

/// <summary>The two spellings of a control endpoint we accept: <c>HOST:PORT</c> and <c>unix:/path</c>.</summary>
internal static class ControlEndpointSyntax
{
    public static bool IsValid(string endpoint)
    {
        if (endpoint.StartsWith("unix:", StringComparison.Ordinal)) return endpoint.Length > 5 && endpoint[5] == '/';
        return IPEndPoint.TryParse(endpoint, out var ep) && ep.Port > 0
               || (endpoint.LastIndexOf(':') is var i and > 0 && int.TryParse(endpoint[(i + 1)..], out var port) && port is > 0 and < 65536);
    }
}
