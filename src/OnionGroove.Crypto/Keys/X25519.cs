using System.Security.Cryptography;
using Rfc7748 = Org.BouncyCastle.Math.EC.Rfc7748;

namespace OnionGroove.Crypto.Keys;

/// <summary>The X25519 function (RFC 7748 §5) on raw 32-byte strings: the one place the project
/// computes it, for the typed keys (<see cref="X25519SecretKey"/>) and for age's stanzas. The
/// ladder for an arbitrary u is BouncyCastle's; k·9 goes through the Edwards base-point table,
/// which is several times faster and gives the same bytes.</summary>
public static class X25519
{
    public const int Length = 32;

    /// <summary>X25519(k, u): k is clamped and u's top bit ignored, as the RFC says. The result is all
    /// zeros when u has low order; a protocol that must refuse that checks <see cref="IsAllZero"/>.</summary>
    public static void ScalarMult(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> u, Span<byte> result)
    {
        if (scalar.Length != Length || u.Length != Length) throw new ArgumentException("X25519 takes a 32-byte scalar and a 32-byte u-coordinate");
        if (result.Length < Length) throw new ArgumentException("the result is 32 bytes", nameof(result));
        // BouncyCastle takes arrays: pinned copies, zeroed afterwards (the scalar is a secret, the result a shared secret).
        var k = GC.AllocateUninitializedArray<byte>(Length, pinned: true);
        var r = GC.AllocateUninitializedArray<byte>(Length, pinned: true);
        try
        {
            scalar.CopyTo(k);
            Rfc7748.X25519.ScalarMult(k, 0, u.ToArray(), 0, r, 0);
            r.CopyTo(result);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(k);
            CryptographicOperations.ZeroMemory(r);
        }
    }

    public static byte[] ScalarMult(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> u)
    {
        var r = new byte[Length];
        ScalarMult(scalar, u, r);
        return r;
    }

    /// <summary>X25519(k, 9): the public key of secret k.</summary>
    public static void ScalarMultBase(ReadOnlySpan<byte> scalar, Span<byte> result) => Curve.Montgomery.MulBase(scalar, result);

    public static byte[] ScalarMultBase(ReadOnlySpan<byte> scalar)
    {
        var r = new byte[Length];
        ScalarMultBase(scalar, r);
        return r;
    }

    /// <summary>True for the all-zero output a low-order peer key produces (RFC 7748 §6.1: protocols
    /// may refuse it). Constant time.</summary>
    public static bool IsAllZero(ReadOnlySpan<byte> sharedSecret)
    {
        var acc = 0;
        foreach (var x in sharedSecret) acc |= x;
        return acc == 0;
    }
}
