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

    /// <summary>Batches up to this size keep their nonces and points on the stack.</summary>
    private const int StackBatch = 16;

    public static void Sign(ReadOnlySpan<byte> expanded, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        CheckKey(expanded);
        if (signature.Length < 64) throw new ArgumentException("a signature is 64 bytes", nameof(signature));
        Span<byte> r = stackalloc byte[32];
        try
        {
            Nonce(expanded, message, r);
            EdwardsPoint.MulBase(r).Encode(signature[..32]);
            Finish(expanded, publicKey, message, r, signature);
        }
        finally { CryptographicOperations.ZeroMemory(r); }
    }

    /// <summary>Signs every message (signature i goes to signatures[64·i..]); the same bytes as one <see cref="Sign"/>
    /// per message, but the n points R share one field inversion (Montgomery's trick), which is about a third of
    /// the cost of a signature.</summary>
    public static void SignMany(ReadOnlySpan<byte> expanded, ReadOnlySpan<byte> publicKey, IReadOnlyList<ReadOnlyMemory<byte>> messages,
        Span<byte> signatures)
    {
        CheckKey(expanded);
        var n = messages.Count;
        if (signatures.Length < 64 * n) throw new ArgumentException($"{n} signatures need {64 * n} bytes", nameof(signatures));
        if (n == 0) return;
        var nonces = n <= StackBatch ? stackalloc byte[32 * StackBatch] : new byte[32 * n];
        var points = n <= StackBatch ? stackalloc EdwardsPoint[StackBatch] : new EdwardsPoint[n];
        nonces = nonces[..(32 * n)];
        points = points[..n];
        try
        {
            for (var i = 0; i < n; i++)
            {
                var r = nonces.Slice(32 * i, 32);
                Nonce(expanded, messages[i].Span, r);
                points[i] = EdwardsPoint.MulBase(r);
            }
            EdwardsPoint.EncodeAll(points, signatures, 64);
            for (var i = 0; i < n; i++)
                Finish(expanded, publicKey, messages[i].Span, nonces.Slice(32 * i, 32), signatures.Slice(64 * i, 64));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(nonces);
            points.Clear();
        }
    }

    private static void CheckKey(ReadOnlySpan<byte> expanded)
    {
        if (expanded.Length != 64) throw new ArgumentException("an expanded key is 64 bytes", nameof(expanded));
    }

    /// <summary>r = SHA-512(prefix ‖ M) mod l.</summary>
    private static void Nonce(ReadOnlySpan<byte> expanded, ReadOnlySpan<byte> message, Span<byte> r)
    {
        Span<byte> hash = stackalloc byte[64];
        Hash(expanded[32..], [], message, hash);
        Scalar.Reduce(hash, r);
        CryptographicOperations.ZeroMemory(hash);
    }

    /// <summary>S = r + SHA-512(R ‖ A ‖ M)·a mod l, with R already in signature[..32].</summary>
    private static void Finish(ReadOnlySpan<byte> expanded, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> r,
        Span<byte> signature)
    {
        Span<byte> hash = stackalloc byte[64];
        Span<byte> k = stackalloc byte[32];
        Hash(signature[..32], publicKey, message, hash);
        Scalar.Reduce(hash, k);
        Scalar.MulAdd(k, expanded[..32], r, signature[32..64]);
    }

    /// <summary>SHA-512(a ‖ b ‖ message) through one contiguous buffer (the one-shot hash is the fastest), zeroed
    /// afterwards because a may be the secret prefix.</summary>
    private static void Hash(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> message, Span<byte> hash)
    {
        var needed = a.Length + b.Length + message.Length;
        byte[]? rented = needed > StackLimit ? ArrayPool<byte>.Shared.Rent(needed) : null;
        var input = (rented is null ? stackalloc byte[StackLimit] : rented.AsSpan())[..needed];
        try
        {
            a.CopyTo(input);
            b.CopyTo(input[a.Length..]);
            message.CopyTo(input[(a.Length + b.Length)..]);
            SHA512.HashData(input, hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input[..a.Length]);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
