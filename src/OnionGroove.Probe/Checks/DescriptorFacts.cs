namespace OnionGroove.Probe.Checks;

/// <summary>What a decoded descriptor says, as the probe reports it (JSON, metrics).</summary>
public sealed record DescriptorFacts(
    ulong RevisionCounter,
    int Size,
    int IntroPoints,
    int LifetimeMinutes,
    DateTimeOffset SigningCertificateExpires,
    bool ClientAuth,
    PowFacts? Pow);

/// <summary>The first pow-params line (prop327 §2): its type, suggested effort and expiry.</summary>
public sealed record PowFacts(string Type, uint? SuggestedEffort, DateTimeOffset? Expiration);

/// <summary>The checks of one descriptor; <see cref="Facts"/> when it could be decoded at all.</summary>
public sealed record DescriptorReview(DescriptorFacts? Facts, IReadOnlyList<CheckOutcome> Checks)
{
    /// <summary>A client could use it: decoded, and no check failed.</summary>
    public bool Usable => Facts is not null && Checks.All(c => c.Status != CheckStatus.Fail);

    public bool HasWarnings => Checks.Any(c => c.Status == CheckStatus.Warn);
}
