using System.Security.Cryptography;
using OnionGroove.Core;
using OnionGroove.Crypto.Curve;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// The result of a split-key search: a public number k (a scalar below the group order l) such
/// that the key with secret scalar a + k has public key A + k·B and a wanted address. Written as
/// 64 lowercase hex digits of its 32 little-endian bytes.
/// </summary>
/// <remarks>
/// k reveals nothing about a: the searcher picked it, knowing only A, by trying random offsets
/// until A + k·B looked right; so k is a function of public data and the searcher's own coin
/// flips. Finding a + k from k and A + k·B is as hard as finding a from A. See docs/vanity.md.
/// </remarks>
public sealed class VanityOffset
{
    public const int Length = 32;

    private readonly byte[] _scalar;

    private VanityOffset(byte[] scalar) => _scalar = scalar;

    /// <summary>Any 32-byte little-endian integer, reduced mod l.</summary>
    internal static VanityOffset FromScalar(ReadOnlySpan<byte> scalar)
    {
        var reduced = new byte[Length];
        Scalar.Reduce(scalar, reduced);
        return new VanityOffset(reduced);
    }

    public ReadOnlySpan<byte> AsSpan() => _scalar;

    /// <summary>64 hex digits (either case), a canonical scalar (below l).</summary>
    public static Result<VanityOffset, Problem> Parse(string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length != 2 * Length)
            return new Problem($"an offset is {2 * Length} hex digits, got {t.Length} characters");
        byte[] bytes;
        try { bytes = Convert.FromHexString(t); }
        catch (FormatException) { return new Problem("an offset is hex digits only (0-9, a-f)"); }
        if (!Scalar.IsCanonical(bytes))
            return new Problem("the offset is not below the group order l, so no search printed it (mistyped?)");
        return new VanityOffset(bytes);
    }

    /// <summary>A + k·B: the public key the offset turns <paramref name="from"/> into.</summary>
    public IdentityPublicKey PublicKeyFor(IdentityPublicKey from)
    {
        if (!EdwardsPoint.TryDecode(from.AsSpan(), out var a, out var error)) throw new ArgumentException(error, nameof(from));
        var bytes = new byte[32];
        EdwardsPoint.Add(a, EdwardsPoint.MulDoubleAndAdd(EdwardsPoint.Base, _scalar)).Encode(bytes);
        return IdentityPublicKey.FromBytes(bytes);
    }

    /// <summary>
    /// The key with secret scalar (a + k) mod l. tor keeps identity keys expanded (scalar ‖ PRF
    /// prefix, no seed), so the scalar can be changed directly; its signatures use the scalar as
    /// is, reduced mod l. The PRF prefix (the secret that makes signature nonces) is derived anew
    /// from the old secret and k: two related keys must never share it, or one message signed by
    /// both would give away the scalar.
    /// </summary>
    public IdentitySecretKey ApplyTo(IdentitySecretKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> old = stackalloc byte[64];
        Span<byte> derived = stackalloc byte[64];
        Span<byte> one = stackalloc byte[32];
        try
        {
            key.ExportExpanded(old);
            one.Clear();
            one[0] = 1;
            Scalar.MulAdd(old[..32], one, _scalar, derived[..32]);
            using (var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA512))
            {
                h.AppendData("OnionGroove split-key PRF prefix v1"u8);
                h.AppendData(old);
                h.AppendData(_scalar);
                Span<byte> digest = stackalloc byte[64];
                h.GetHashAndReset(digest);
                digest[..32].CopyTo(derived[32..]);
                CryptographicOperations.ZeroMemory(digest);
            }
            return IdentitySecretKey.FromExpanded(derived);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(old);
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    public override string ToString() => Convert.ToHexStringLower(_scalar);
}
