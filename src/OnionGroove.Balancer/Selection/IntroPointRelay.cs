using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Balancer.Selection;

/// <summary>Which relay an intro point is on, the way tor clients tell them apart.</summary>
public static class IntroPointRelay
{
    /// <summary>The relay's legacy (RSA) identity in hex, which is what a tor client matches an
    /// opened intro circuit against; null when the intro point lists none.</summary>
    public static string? Of(IntroductionPoint ip) =>
        ip.LinkSpecifiers.OfType<LinkSpecifier.LegacyId>().FirstOrDefault() is { } id ? Convert.ToHexString(id.Fingerprint) : null;
}
