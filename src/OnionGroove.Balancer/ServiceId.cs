using System.Diagnostics.CodeAnalysis;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer;

/// <summary>An onion service (a frontend or a backend) as the balancer keys its state and as tor's
/// control port names it: the 56-character "ServiceID" of an <see cref="OnionAddress"/>
/// (rend-spec-v3 §6), lower case, without ".onion". One value per identity key, so two spellings
/// of one address are one id.</summary>
public readonly struct ServiceId : IEquatable<ServiceId>, IComparable<ServiceId>
{
    private readonly string? _text;

    public ServiceId(OnionAddress address)
    {
        Address = address;
        _text = address.ServiceId; // computed once: the id is logged and sent to tor often
    }

    public OnionAddress Address { get; }
    public IdentityPublicKey PublicKey => Address.PublicKey;

    public static ServiceId Of(IdentityPublicKey key) => new(key.Address);

    /// <summary>Accepts the 56 characters with or without ".onion", in any case.</summary>
    public static bool TryParse(string? text, out ServiceId id)
    {
        id = OnionAddress.TryParse(text, out var address, out _) ? new ServiceId(address) : default;
        return id._text is not null;
    }

    public static ServiceId Parse(string text) =>
        OnionAddress.TryParse(text, out var address, out var error) ? new ServiceId(address) : throw new FormatException($"invalid service id: {error}");

    public override string ToString() => _text ?? "(no service)";

    public bool Equals(ServiceId other) => string.Equals(_text, other._text, StringComparison.Ordinal);
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ServiceId other && Equals(other);
    public override int GetHashCode() => _text is null ? 0 : StringComparer.Ordinal.GetHashCode(_text);
    public int CompareTo(ServiceId other) => string.CompareOrdinal(_text, other._text);
    public static bool operator ==(ServiceId a, ServiceId b) => a.Equals(b);
    public static bool operator !=(ServiceId a, ServiceId b) => !a.Equals(b);
}
