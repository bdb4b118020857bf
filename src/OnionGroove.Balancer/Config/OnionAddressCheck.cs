using OnionGroove.Crypto;

namespace OnionGroove.Balancer.Config;

/// <summary>Validates an instance address the way Onionbalance writes them (with or without
/// <c>.onion</c>) and returns the 56-character service id we key everything by.</summary>
internal static class OnionAddressCheck
{
    public static string? Normalize(string text, out string? error)
    {
        if (OnionAddress.TryParse(text.Trim(), out var address, out error)) return address.ServiceId;
        return null;
    }
}
