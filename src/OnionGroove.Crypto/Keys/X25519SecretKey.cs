using System.Security.Cryptography;

namespace OnionGroove.Crypto.Keys;

/// <summary>A curve25519 (X25519, RFC 7748) secret key. Zeroed on dispose; never printed.</summary>
public sealed class X25519SecretKey : IDisposable
{
    public const int Length = 32;
    private readonly SecretBytes _secret;

    private X25519SecretKey(ReadOnlySpan<byte> secret)
    {
        _secret = new SecretBytes(secret);
        Span<byte> pub = stackalloc byte[32];
        X25519.ScalarMultBase(_secret.Span, pub);
        PublicKey = X25519PublicKey.FromBytes(pub);
    }

    public static X25519SecretKey Generate()
    {
        Span<byte> k = stackalloc byte[Length];
        try
        {
            RandomNumberGenerator.Fill(k);
            return new X25519SecretKey(k);
        }
        finally { CryptographicOperations.ZeroMemory(k); }
    }

    /// <summary>Imports 32 secret bytes (clamping happens inside X25519, as RFC 7748 says).</summary>
    public static X25519SecretKey FromBytes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != Length) throw new ArgumentException($"an x25519 secret key is {Length} bytes, got {secret.Length}", nameof(secret));
        return new X25519SecretKey(secret);
    }

    public X25519PublicKey PublicKey { get; }

    /// <summary>X25519(secret, peer). Throws <see cref="CryptographicException"/> when the
    /// result is all zeros (the peer sent a low-order point; RFC 7748 §6.1).</summary>
    public byte[] Agree(X25519PublicKey peer)
    {
        var shared = new byte[32];
        if (!TryAgree(peer, shared)) throw new CryptographicException("x25519 agreement gave the all-zero secret (low-order peer key)");
        return shared;
    }

    public bool TryAgree(X25519PublicKey peer, Span<byte> sharedSecret)
    {
        var secret = _secret.Span;
        if (sharedSecret.Length < 32) throw new ArgumentException("destination must hold 32 bytes", nameof(sharedSecret));
        Span<byte> r = stackalloc byte[32];
        try
        {
            X25519.ScalarMult(secret, peer.AsSpan(), r);
            if (X25519.IsAllZero(r)) return false;
            r.CopyTo(sharedSecret);
            return true;
        }
        finally { CryptographicOperations.ZeroMemory(r); }
    }

    /// <summary>Copies the 32 secret bytes out (for key files); the caller zeroes the destination.</summary>
    public void ExportSecret(Span<byte> destination) => _secret.CopyTo(destination);

    public void Dispose() => _secret.Dispose();

    public override string ToString() => $"X25519SecretKey({PublicKey})";
}
