using System.Diagnostics.CodeAnalysis;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto;

/// <summary>A blinded public key for one time period (rend-spec-v3 §2.1 KP_hs_blind_id,
/// appendix A.2): the key descriptors are stored under and signed with.</summary>
public sealed class BlindedPublicKey : IEquatable<BlindedPublicKey>
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private BlindedPublicKey(byte[] bytes) => _bytes = bytes;

    internal static BlindedPublicKey FromTrustedBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    public static BlindedPublicKey FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var key, out var error) ? key : throw new ArgumentException($"invalid blinded public key: {error}", nameof(bytes));

    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out BlindedPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!PublicKeyBytes.Validate(bytes, out error)) return false;
        key = new BlindedPublicKey(bytes.ToArray());
        return true;
    }

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Ed25519.Verify(_bytes, message, signature);

    /// <summary>The same 32 bytes seen as a generic ed25519 key (the signing key of a descriptor-signing-key cert).</summary>
    public Ed25519PublicKey AsEd25519() => Ed25519PublicKey.FromTrustedBytes(_bytes);

    public bool Equals(BlindedPublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as BlindedPublicKey);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
    public override string ToString() => "blinded key " + Convert.ToBase64String(_bytes).TrimEnd('=');
}
