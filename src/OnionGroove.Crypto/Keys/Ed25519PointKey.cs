using System.Diagnostics.CodeAnalysis;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Keys;

/// <summary>What an ed25519 public key kind declares so that <see cref="Ed25519PointKey{TSelf}"/>
/// can make it: how to wrap checked bytes, and its name in errors. Only this assembly can
/// implement it, so the set of kinds is closed.</summary>
public interface IEd25519KeyKind<TSelf> where TSelf : Ed25519PointKey<TSelf>, IEd25519KeyKind<TSelf>
{
    /// <summary>Wraps 32 bytes that encode a valid key (checked by the base, or computed from a point).</summary>
    internal static abstract TSelf Wrap(byte[] bytes);

    /// <summary>The kind's name in error messages, e.g. "identity public key".</summary>
    internal static abstract string KindName { get; }
}

/// <summary>An ed25519 public key: 32 bytes that canonically encode a point of the prime-order
/// subgroup (checked on construction, as tor's ed25519_validate_pubkey does). The identity, blinded
/// and generic keys each derive from it in a few lines and stay distinct types, so one kind cannot
/// be passed where another is expected (Arti gets each from one line the same way).</summary>
public abstract class Ed25519PointKey<TSelf> : IEquatable<TSelf> where TSelf : Ed25519PointKey<TSelf>, IEd25519KeyKind<TSelf>
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private protected Ed25519PointKey(byte[] bytes) => _bytes = bytes;

    /// <summary>Wraps bytes that the caller computed from a point itself (no re-validation).</summary>
    internal static TSelf FromTrustedBytes(ReadOnlySpan<byte> bytes) => TSelf.Wrap(bytes.ToArray());

    public static TSelf FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var key, out var error) ? key : throw new ArgumentException($"invalid {TSelf.KindName}: {error}", nameof(bytes));

    /// <summary>Accepts 32 bytes that encode a point on the curve, canonically, outside the small-order part.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out TSelf? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!PublicKeyBytes.Validate(bytes, out error)) return false;
        key = TSelf.Wrap(bytes.ToArray());
        return true;
    }

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>Checks an Ed25519 signature made with this key.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Ed25519.Verify(_bytes, message, signature);

    public bool Equals(TSelf? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => obj is TSelf other && Equals(other);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    /// <summary>Unpadded base64, for the ToString of kinds without a better text form.</summary>
    private protected string Base64 => Convert.ToBase64String(_bytes).TrimEnd('=');
}
