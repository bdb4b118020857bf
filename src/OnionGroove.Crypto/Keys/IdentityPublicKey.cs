using System.Diagnostics.CodeAnalysis;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto;

/// <summary>An onion service's long-term identity key A (rend-spec-v3 §1.9 KP_hs_id): the key
/// the onion address encodes. Always a valid curve point (checked on construction).</summary>
public sealed class IdentityPublicKey : IEquatable<IdentityPublicKey>
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private IdentityPublicKey(byte[] bytes) => _bytes = bytes;

    /// <summary>Wraps bytes that the caller computed from a point itself (no re-validation).</summary>
    internal static IdentityPublicKey FromTrustedBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    public static IdentityPublicKey FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var key, out var error) ? key : throw new ArgumentException($"invalid identity public key: {error}", nameof(bytes));

    /// <summary>Accepts 32 bytes that encode a point on the curve, canonically.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out IdentityPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!PublicKeyBytes.Validate(bytes, out error)) return false;
        key = new IdentityPublicKey(bytes.ToArray());
        return true;
    }

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public OnionAddress Address => new(this);

    /// <summary>The blinded key for <paramref name="period"/> (rend-spec-v3 A.2): h·A.</summary>
    public BlindedPublicKey Blind(TimePeriod period) => KeyBlinding.BlindPublic(this, period);

    /// <summary>The subcredential for <paramref name="period"/> (rend-spec-v3 §2.1).</summary>
    public Subcredential Subcredential(TimePeriod period) => Crypto.Subcredential.Derive(this, Blind(period));

    /// <summary>Checks an Ed25519 signature made by the identity key.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Ed25519.Verify(_bytes, message, signature);

    /// <summary>The same 32 bytes seen as a generic ed25519 key (e.g. for certificates).</summary>
    public Ed25519PublicKey AsEd25519() => Ed25519PublicKey.FromTrustedBytes(_bytes);

    public bool Equals(IdentityPublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as IdentityPublicKey);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
    public override string ToString() => Address.ToString();
}
