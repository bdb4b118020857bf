using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace OnionGroove.Crypto.Curve;

/// <summary>Ed25519 signing (RFC 8032 §5.1.6) from tor's expanded key (scalar a ‖ prefix):
/// r = SHA-512(prefix ‖ M) mod l, R = r·B, k = SHA-512(R ‖ A ‖ M) mod l, S = r + k·a mod l.
/// The nonce must come from the prefix, a secret independent of a: deriving it from the scalar
/// alone, or from public data, would let anyone who sees two signatures solve for a.</summary>
[SkipLocalsInit]
internal static class ExpandedSigner
{
    /// <summary>Messages up to this size are hashed from a stack buffer (certificates are 76 bytes);
    /// longer ones (a whole descriptor) from a pooled array, so signing allocates nothing.</summary>
    private const int StackLimit = 512;

    public static void Sign(ReadOnlySpan<byte> expanded, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (expanded.Length != 64) throw new ArgumentException("an expanded key is 64 bytes", nameof(expanded));
        if (signature.Length < 64) throw new ArgumentException("a signature is 64 bytes", nameof(signature));
        var needed = 64 + message.Length;
        byte[]? rented = needed > StackLimit ? ArrayPool<byte>.Shared.Rent(needed) : null;
        var input = rented is null ? stackalloc byte[StackLimit] : rented.AsSpan();
        input = input[..needed];
        Span<byte> hash = stackalloc byte[64];
        Span<byte> r = stackalloc byte[32];
        Span<byte> k = stackalloc byte[32];
        try
        {
            expanded[32..].CopyTo(input);
            message.CopyTo(input[32..]);
            SHA512.HashData(input[..(32 + message.Length)], hash);
            Scalar.Reduce(hash, r);
            EdwardsPoint.MulBase(r).Encode(signature[..32]);

            signature[..32].CopyTo(input);
            publicKey.CopyTo(input[32..]);
            message.CopyTo(input[64..]);
            SHA512.HashData(input, hash);
            Scalar.Reduce(hash, k);
            Scalar.MulAdd(k, expanded[..32], r, signature[32..64]);
        }
        finally
        {
            // Only the first 32 bytes ever held the secret prefix, but the nonce hash and r are secret too.
            CryptographicOperations.ZeroMemory(input[..32]);
            CryptographicOperations.ZeroMemory(hash);
            CryptographicOperations.ZeroMemory(r);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
