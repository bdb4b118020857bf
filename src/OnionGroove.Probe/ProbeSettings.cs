namespace OnionGroove.Probe;

/// <summary>How one probe round behaves. The defaults suit the public network.</summary>
public sealed record ProbeSettings
{
    /// <summary>How long one HSDir has to answer one HSFETCH.</summary>
    public TimeSpan HsDirTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the HTTP(S) request to the site may take (connect, rendezvous, headers).</summary>
    public TimeSpan SiteTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Fetch http://ADDRESS.onion{Path}.</summary>
    public bool Http { get; init; } = true;

    /// <summary>Fetch https://ADDRESS.onion{Path} too (certificate expiry and name).</summary>
    public bool Https { get; init; }

    /// <summary>The path fetched on the site.</summary>
    public string Path { get; init; } = "/";

    /// <summary>A TLS certificate expiring sooner than this makes the site degraded.</summary>
    public TimeSpan TlsExpiryWarning { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Whether a certificate no public CA vouches for (self-signed) makes the site degraded.</summary>
    public bool RequireTrustedCertificate { get; init; } = true;
}
