using System.Net;

namespace OnionGroove.TestNetwork;

/// <summary>Fetches http://….onion/ URLs through a tor client's SOCKS port. Each request uses a new
/// random SOCKS username, so with IsolateSOCKSAuth tor builds a fresh circuit for it. .NET's SOCKS5
/// client sends the host name to the proxy (ATYP domain name), so nothing is resolved locally.</summary>
public static class OnionHttp
{
    public sealed record Response(HttpStatusCode Status, string Body);

    public static async Task<Response> GetAsync(int socksPort, Uri url, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var proxy = new WebProxy(new Uri($"socks5://127.0.0.1:{socksPort}"))
        {
            Credentials = new NetworkCredential("og-" + Guid.NewGuid().ToString("N"), "x"),
        };
        using var handler = new SocketsHttpHandler { Proxy = proxy, UseProxy = true, PooledConnectionLifetime = TimeSpan.Zero };
        using var client = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        using var response = await client.GetAsync(url, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return new Response(response.StatusCode, body);
    }
}
