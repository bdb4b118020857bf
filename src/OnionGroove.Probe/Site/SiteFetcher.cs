using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OnionGroove.Probe.Site;

/// <summary>Fetches a page of an onion site through tor's SOCKS port, as a visitor's browser would:
/// the .onion name goes to tor (SOCKS5 with the host name, nothing resolved here), each request on
/// a fresh circuit (a new SOCKS username, which tor isolates by default). The certificate is
/// recorded, not enforced: the probe reports on it rather than failing the request.</summary>
public static class SiteFetcher
{
    public static async Task<SiteResult> FetchAsync(Uri url, IPEndPoint socks, TimeSpan timeout, CancellationToken ct = default)
    {
        TlsFacts? tls = null;
        var proxy = new WebProxy(new Uri($"socks5://{socks}"))
        {
            Credentials = new NetworkCredential("oniongroove-probe-" + Guid.NewGuid().ToString("N"), "x"),
        };
        using var handler = new SocketsHttpHandler
        {
            Proxy = proxy, UseProxy = true, PooledConnectionLifetime = TimeSpan.Zero, AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    if (cert is not null) tls = Facts(new X509Certificate2(cert), url.Host, errors);
                    return true;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("oniongroove-probe");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var latency = clock.Elapsed.TotalSeconds;
            return new SiteResult(url.ToString(), true, (int)response.StatusCode, latency, null, tls)
            {
                ClockSkewSeconds = response.Headers.Date is { } date ? Math.Round((date - DateTimeOffset.UtcNow).TotalSeconds) : null,
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SiteResult(url.ToString(), false, null, clock.Elapsed.TotalSeconds, $"no answer within {timeout.TotalSeconds:0} s", tls);
        }
        catch (HttpRequestException e)
        {
            return new SiteResult(url.ToString(), false, null, clock.Elapsed.TotalSeconds, Describe(e), tls);
        }
    }

    /// <summary>The innermost message: tor's SOCKS refusal ("host unreachable") says the most.</summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException) messages.Add(x.Message);
        return string.Join(": ", messages.Distinct());
    }

    internal static TlsFacts Facts(X509Certificate2 cert, string host, SslPolicyErrors errors)
    {
        using (cert)
            return new TlsFacts(new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                cert.MatchesHostname(host, allowWildcards: true, allowCommonName: true),
                (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0,
                cert.Subject);
    }
}
