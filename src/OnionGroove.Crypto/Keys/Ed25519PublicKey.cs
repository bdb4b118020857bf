using System.Diagnostics.CodeAnalysis;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto;

/// <summary>A generic ed25519 public key: descriptor-signing keys, certified keys and any
/// key whose role is given by context (cert-spec).</summary>
public sealed class Ed25519PublicKey : IEquatable<Ed25519PublicKey>
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private Ed25519PublicKey(byte[] bytes) => _bytes = bytes;

    internal static Ed25519PublicKey FromTrustedBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    public static Ed25519PublicKey FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var key, out var error) ? key : throw new ArgumentException($"invalid ed25519 public key: {error}", nameof(bytes));

    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Ed25519PublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!PublicKeyBytes.Validate(bytes, out error)) return false;
        key = new Ed25519PublicKey(bytes.ToArray());
        return true;
    }

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Ed25519.Verify(_bytes, message, signature);

    public bool Equals(Ed25519PublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as Ed25519PublicKey);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
    public override string ToString() => "ed25519 key " + Convert.ToBase64String(_bytes).TrimEnd('=');
}
