using OnionGroove.Crypto;

namespace OnionGroove.Descriptors.Offline;

/// <summary>
/// How long the descriptor-signing-key certificate of one time period must stay valid, and no longer
/// (docs/offline-keys.md). With period N running [Start, End) and the rotation offset O (12 voting
/// intervals; one SRV phase, half an SRV run of 24 intervals):
/// <list type="bullet">
/// <item>a service uploads N's descriptor as its "second" descriptor from the SRV before N starts,
/// Start − O, and as its "first" one until the SRV after N ends, End + O (rend-spec-v3 §2.2.4.2);</item>
/// <item>an HSDir serves the last upload for its descriptor-lifetime, at most 720 minutes (§2.4, §2.2.5); HSDirs and
/// clients check the certificate's expiry when they decode a descriptor (tor's hs_descriptor.c cert_is_valid), and a
/// client keeps a decoded copy until its consensus reaches the next period (hs_cache.c), without a new check;</item>
/// <item>the certificate's EXPIRATION_DATE counts whole hours (cert-spec §2.1), so it is rounded up.</item>
/// </list>
/// Hence expiry = ceil_hour(End + O + 720 min). The maximum lifetime (not tor's 180) is used because the bundle
/// cannot know what the balancer will write; with the usual 180, the 9 hours to spare absorb HSDirs and
/// clients whose clocks run ahead. On the live network (1440/720) a period's certificate expires 24 h after the period ends.
/// This assumes the period is one SRV run long, as on the live network and on test networks.
/// </summary>
public static class CertificateWindow
{
    /// <summary>The largest descriptor-lifetime rend-spec-v3 allows (§2.4 "descriptor-lifetime": 30–720).</summary>
    public const int MaxDescriptorLifetimeMinutes = 720;

    /// <summary>The first moment a service may upload the period's descriptor: the SRV before it, Start − O.</summary>
    public static DateTimeOffset UseFrom(TimePeriod period) => period.Start.AddMinutes(-period.RotationOffsetMinutes);

    /// <summary>The last moment a service uploads the period's descriptor: the SRV after it, End + O.</summary>
    public static DateTimeOffset UploadUntil(TimePeriod period) => period.End.AddMinutes(period.RotationOffsetMinutes);

    /// <summary>EXPIRATION_DATE (hours since the epoch) the period's certificate gets: End + O + 720 min, rounded up.</summary>
    public static uint ExpirationHours(TimePeriod period)
    {
        var until = UploadUntil(period).AddMinutes(MaxDescriptorLifetimeMinutes).ToUnixTimeSeconds();
        return (uint)((until + 3599) / 3600);
    }

    public static DateTimeOffset Expires(TimePeriod period) => DateTimeOffset.FromUnixTimeSeconds(ExpirationHours(period) * 3600L);
}
