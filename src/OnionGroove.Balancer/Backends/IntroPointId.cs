using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Balancer.Backends;

/// <summary>An intro point by its auth key (rend-spec-v3 §2.5.2.2 "auth-key"), which clients name
/// in INTRODUCE1 and which stays the same for the intro point's life: two descriptors listing the
/// same auth keys send clients to the same places.</summary>
public readonly record struct IntroPointId(string AuthKeyHex)
{
    public static IntroPointId Of(IntroductionPoint ip) => new(Convert.ToHexString(ip.AuthKey));

    public static ValueSet<IntroPointId> SetOf(IEnumerable<IntroductionPoint> ips) => new(ips.Select(Of));
}

/// <summary>A live backend and the intro points it advertises: the service's descriptors change
/// exactly when the set of these changes.</summary>
public sealed record LiveBackend(ServiceId Backend, ValueSet<IntroPointId> IntroPoints);
