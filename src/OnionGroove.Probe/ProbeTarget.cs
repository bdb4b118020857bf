using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Probe;

/// <summary>One site to probe: its address, a name people know it by (the vault's site name, or the
/// address), and the client-authorisation key when its descriptor is sealed to clients.</summary>
public sealed record ProbeTarget(OnionAddress Address, string Name, ClientAuthSecretKey? ClientKey = null)
{
    public override string ToString() => $"{Name} ({Address})";
}
