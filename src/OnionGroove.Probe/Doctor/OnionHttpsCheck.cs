using System.Net;
using OnionGroove.Crypto;
using OnionGroove.Probe.Site;

namespace OnionGroove.Probe.Doctor;

/// <summary>HTTPS on the onion address, for a site whose environment says it serves it
/// (<c>onion_https: true</c>): fetched over tor as a visitor's browser would, the certificate must
/// be valid now and for the .onion name (RFC 6125 matching) and not run out within the warning span.</summary>
public static class OnionHttpsCheck
{
    public const string Name = "https_onion";

    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    public static DoctorFinding Evaluate(OnionAddress site, SiteResult fetch, DateTimeOffset now)
    {
        var target = fetch.Url;
        const string fixCertificate = "issue a certificate for the .onion name (e.g. HARICA's onion certificates, or your own CA) and install it on the backends' web server";
        if (!fetch.Reached)
            return DoctorFinding.Fail(Name, target, $"no HTTPS answer over tor: {fetch.Error}",
                "is the onion's port 443 configured on every backend (HiddenServicePort 443), and the web server listening with TLS?");
        if (fetch.Tls is not { } tls) return DoctorFinding.Fail(Name, target, "answered without TLS", fixCertificate);
        if (!tls.NameMatches) return DoctorFinding.Fail(Name, target, $"the certificate ({tls.Subject}) is not for {site}", fixCertificate);
        if (tls.NotAfter <= now) return DoctorFinding.Fail(Name, target, $"the certificate expired at {tls.NotAfter:u}", "renew the certificate");
        if (tls.NotAfter - now < ExpiryWarning) return DoctorFinding.Fail(Name, target, $"the certificate expires at {tls.NotAfter:u}", "renew the certificate");
        return DoctorFinding.Pass(Name, target, $"certificate for {site} until {tls.NotAfter:u}{(tls.Trusted ? "" : " (not from a CA this machine trusts)")}");
    }

    /// <summary>Fetches https://SITE/ through tor's SOCKS port and evaluates it.</summary>
    public static async Task<DoctorFinding> CheckAsync(OnionAddress site, IPEndPoint socks, TimeSpan timeout, CancellationToken ct = default) =>
        Evaluate(site, await SiteFetcher.FetchAsync(new Uri($"https://{site}/"), socks, timeout, ct).ConfigureAwait(false), DateTimeOffset.UtcNow);
}
