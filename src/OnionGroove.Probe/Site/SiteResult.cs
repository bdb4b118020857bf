namespace OnionGroove.Probe.Site;

/// <summary>One request to the site over tor: the status and time to the response headers, or why
/// not; for HTTPS, the certificate's facts.</summary>
public sealed record SiteResult(
    string Url,
    bool Reached,
    int? StatusCode,
    double LatencySeconds,
    string? Error,
    TlsFacts? Tls)
{
    /// <summary>The site's Date header minus our clock when the answer came (seconds; positive:
    /// the site's clock is ahead). A host whose clock is off is one tor may stop working on.</summary>
    public double? ClockSkewSeconds { get; init; }

    /// <summary>HTTP answered with something other than a server error.</summary>
    public bool Ok => Reached && StatusCode is < 500;
}

/// <summary>The certificate an onion site presented: when it runs out, whether it names the .onion
/// (RFC 6125 matching, wildcards included), and whether a CA the system trusts vouches for it.</summary>
public sealed record TlsFacts(DateTimeOffset NotAfter, bool NameMatches, bool Trusted, string Subject);
