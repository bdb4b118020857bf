using System.Globalization;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Probe.Checks;

/// <summary>Checks a descriptor as an HSDir served it, the way a client would judge it, and says
/// why in one line per check. Pure: the same bytes, address, period and time give the same answer.</summary>
public static class DescriptorCheck
{
    /// <summary>tor's default for the consensus parameter HSV3MaxDescriptorSize (param-spec); HSDirs
    /// refuse larger uploads, so a descriptor near it is one intro point away from not publishing.</summary>
    public const int DefaultMaxSize = 50_000;

    /// <summary>tor's own cap on intro points per descriptor (HS_CONFIG_V3_MAX_INTRO_POINTS), which
    /// Onionbalance and our balancer keep to as well.</summary>
    public const int MaxIntroPoints = 20;

    /// <summary>rend-spec-v3 §2.5.1.1: "descriptor-lifetime" takes values between 30 and 720 minutes.</summary>
    public const int MinLifetimeMinutes = 30, MaxLifetimeMinutes = 720;

    /// <summary>Size at which the size check warns (90 % of the limit).</summary>
    public static int WarnSize(int maxSize) => maxSize / 10 * 9;

    public static DescriptorReview Review(ReadOnlySpan<byte> text, OnionAddress address, TimePeriod period, ClientAuthSecretKey? clientKey,
        DateTimeOffset now, int maxSize = DefaultMaxSize)
    {
        var checks = new List<CheckOutcome>();
        var size = text.Length;
        checks.Add(size > maxSize ? CheckOutcome.Fail("size", $"{size} bytes, over the HSDirs' limit of {maxSize} (HSV3MaxDescriptorSize)")
            : size > WarnSize(maxSize) ? CheckOutcome.Warn("size", $"{size} bytes, close to the HSDirs' limit of {maxSize} (HSV3MaxDescriptorSize)")
            : CheckOutcome.Ok("size", $"{size} of at most {maxSize} bytes"));

        if (!OuterLayerDocument.Parse(text).TryGet(out var outer, out var parseError))
        {
            checks.Add(CheckOutcome.Fail("signature", $"not a v3 descriptor: {parseError}"));
            return new DescriptorReview(null, checks);
        }
        if (!DecodedDescriptor.Decode(outer, size, address, period, periodGuessed: false, clientKey).TryGet(out var decoded, out var error))
        {
            checks.Add(error.Kind == DescriptorErrorKind.DecryptionFailed && error.Layer == SecondLayerDocument.Layer
                ? CheckOutcome.Fail("client_auth", clientKey is null
                    ? "the descriptor is sealed to authorised clients: give the site's client key"
                    : "the client key does not open the descriptor (not an authorised client)")
                : CheckOutcome.Fail("signature", error.ToString()));
            return new DescriptorReview(null, checks);
        }

        var d = decoded.Descriptor;
        // Verified above: the signing-key certificate is signed by the blinded key of this address
        // and period, and the descriptor by the certified key (rend-spec-v3 §2.4, cert-spec).
        checks.Add(CheckOutcome.Ok("signature", $"signed by a key certified by the blinded key of {period}"));
        var expires = d.OuterLayer.SigningKeyCert.Expires;
        checks.Add(now >= expires ? CheckOutcome.Fail("certificate", $"descriptor-signing-key-cert expired at {Iso(expires)}")
            : CheckOutcome.Ok("certificate", $"descriptor-signing-key-cert valid until {Iso(expires)}"));

        var intro = d.IntroductionPoints.Count;
        checks.Add(intro == 0 ? CheckOutcome.Fail("intro_points", "no introduction points: no client can connect")
            : intro > MaxIntroPoints ? CheckOutcome.Warn("intro_points", $"{intro} introduction points, more than tor's {MaxIntroPoints}")
            : CheckOutcome.Ok("intro_points", $"{intro} introduction points"));

        var lifetime = d.LifetimeMinutes;
        checks.Add(lifetime is < MinLifetimeMinutes or > MaxLifetimeMinutes
            ? CheckOutcome.Warn("lifetime", $"descriptor-lifetime {lifetime} min, outside {MinLifetimeMinutes}–{MaxLifetimeMinutes} (rend-spec-v3 §2.5.1.1)")
            : CheckOutcome.Ok("lifetime", $"descriptor-lifetime {lifetime} min"));

        var pow = d.SecondLayer.PowParams.Count == 0 ? null : d.SecondLayer.PowParams[0];
        checks.Add(Pow(pow, now));

        var facts = new DescriptorFacts(d.RevisionCounter.Value, size, intro, lifetime, expires, d.UsedClientAuth,
            pow is null ? null : new PowFacts(pow.Type, pow.SuggestedEffort, pow.Expiration));
        return new DescriptorReview(facts, checks);
    }

    /// <summary>prop327 §2: a v1 seed is good until its expiration time; after it the intro points
    /// refuse solutions made with it, so a client solving against a stale descriptor wastes its work.</summary>
    private static CheckOutcome Pow(PowParams? pow, DateTimeOffset now) => pow switch
    {
        null => CheckOutcome.Ok("pow_params", "no proof-of-work offered"),
        { Type: not PowParams.V1 } => CheckOutcome.Warn("pow_params", $"unknown proof-of-work type \"{pow.Type}\" (clients ignore it)"),
        { Expiration: { } e } when e <= now => CheckOutcome.Warn("pow_params", $"v1 seed expired at {Iso(e)}"),
        _ => CheckOutcome.Ok("pow_params", $"v1, suggested effort {pow.SuggestedEffort?.ToString(CultureInfo.InvariantCulture) ?? "?"}"
                                           + (pow.Expiration is { } x ? $", seed valid until {Iso(x)}" : "")),
    };

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
