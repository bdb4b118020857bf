using OnionGroove.Core;
using OnionGroove.Crypto;

namespace OnionGroove.Balancer.Config;

/// <summary>Validates an instance address the way Onionbalance writes them (with or without
/// <c>.onion</c>) and returns the 56-character service id we key everything by.</summary>
internal static class OnionAddressCheck
{
    public static Result<string, Problem> Normalize(string text) =>
        OnionAddress.TryParse(text.Trim(), out var address, out var error) ? address.ServiceId : new Problem(error!);
}
