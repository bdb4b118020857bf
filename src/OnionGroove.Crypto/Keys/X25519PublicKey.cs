using System.Diagnostics.CodeAnalysis;

namespace OnionGroove.Crypto.Keys;

/// <summary>A curve25519 (X25519, RFC 7748) public key: a u-coordinate, 32 bytes little endian.</summary>
public sealed class X25519PublicKey : IEquatable<X25519PublicKey>
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private X25519PublicKey(byte[] bytes) => _bytes = bytes;

    public static X25519PublicKey FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var key, out var error) ? key : throw new ArgumentException($"invalid x25519 public key: {error}", nameof(bytes));

    /// <summary>Any 32 bytes are a u-coordinate for X25519; only the length is checked here
    /// (low-order points are caught when agreeing, by the all-zero check).</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out X25519PublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (bytes.Length != Length)
        {
            error = $"an x25519 public key is {Length} bytes, got {bytes.Length}";
            return false;
        }
        key = new X25519PublicKey(bytes.ToArray());
        error = null;
        return true;
    }

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public bool Equals(X25519PublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as X25519PublicKey);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
    public override string ToString() => "x25519 key " + Convert.ToBase64String(_bytes).TrimEnd('=');
}
