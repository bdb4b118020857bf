using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Keys;

/// <summary>An ed25519 secret in tor's 64-byte "expanded" form: scalar a (32 bytes, little
/// endian) ‖ PRF prefix (32 bytes). Shared by every secret ed25519 key type (see
/// <see cref="Ed25519Keypair{TPublic}"/>); its bytes are <see cref="SecretBytes"/>.</summary>
internal sealed class ExpandedSecret : IDisposable
{
    public const int Length = 64;
    private readonly SecretBytes _expanded;
    private readonly byte[] _publicKey = new byte[32];

    private ExpandedSecret(ReadOnlySpan<byte> expanded)
    {
        _expanded = new SecretBytes(expanded);
        EdwardsPoint.MulBase(_expanded.Span[..32]).Encode(_publicKey);
    }

    /// <summary>Takes a 64-byte expanded key as is (vanity keys have no seed). The scalar must
    /// not be 0 mod l, or the public key would be the identity point.</summary>
    public static ExpandedSecret FromExpanded(ReadOnlySpan<byte> expanded)
    {
        if (expanded.Length != Length) throw new ArgumentException($"an expanded ed25519 key is {Length} bytes, got {expanded.Length}", nameof(expanded));
        if (Scalar.IsZeroModL(expanded[..32])) throw new ArgumentException("the secret scalar is 0 mod l", nameof(expanded));
        return new ExpandedSecret(expanded);
    }

    /// <summary>RFC 8032 §5.1.5: SHA-512(seed), lower half clamped, upper half the prefix.</summary>
    public static ExpandedSecret FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new ArgumentException($"an ed25519 seed is 32 bytes, got {seed.Length}", nameof(seed));
        Span<byte> h = stackalloc byte[64];
        try
        {
            SHA512.HashData(seed, h);
            h[0] &= 248;
            h[31] &= 63;
            h[31] |= 64;
            return new ExpandedSecret(h);
        }
        finally { CryptographicOperations.ZeroMemory(h); }
    }

    public static ExpandedSecret Generate()
    {
        Span<byte> seed = stackalloc byte[32];
        try
        {
            RandomNumberGenerator.Fill(seed);
            return FromSeed(seed);
        }
        finally { CryptographicOperations.ZeroMemory(seed); }
    }

    public ReadOnlySpan<byte> PublicKey => _publicKey;

    public ReadOnlySpan<byte> Expanded => _expanded.Span;

    /// <summary>Copies the 64 bytes out (key files); the caller zeroes the destination.</summary>
    public void CopyTo(Span<byte> destination) => _expanded.CopyTo(destination);

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) => ExpandedSigner.Sign(Expanded, _publicKey, message, signature);

    public void SignMany(IReadOnlyList<ReadOnlyMemory<byte>> messages, Span<byte> signatures) =>
        ExpandedSigner.SignMany(Expanded, _publicKey, messages, signatures);

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var sig = new byte[64];
        Sign(message, sig);
        return sig;
    }

    public void Dispose() => _expanded.Dispose();
}
