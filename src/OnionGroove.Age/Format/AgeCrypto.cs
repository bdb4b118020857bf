using System.Security.Cryptography;

namespace OnionGroove.Age.Format;

/// <summary>The primitive operations the stanzas share: HKDF-SHA-256 and the fixed-nonce
/// ChaCha20-Poly1305 wrap of the file key. X25519 is <see cref="OnionGroove.Crypto.Keys.X25519"/>.</summary>
internal static class AgeCrypto
{
    public const int FileKeySize = 16;

    /// <summary>HKDF-SHA-256 with a 32-byte output: one HMAC for Extract, one for Expand (RFC 5869).
    /// Written out because the platform HKDF (OpenSSL) refuses the empty input key that the
    /// ssh-ed25519 tweak uses.</summary>
    public static byte[] Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, string info)
    {
        Span<byte> prk = stackalloc byte[32];
        HMACSHA256.HashData(salt, ikm, prk);
        var infoBytes = System.Text.Encoding.ASCII.GetBytes(info);
        var block = new byte[infoBytes.Length + 1];
        infoBytes.CopyTo(block, 0);
        block[^1] = 1;
        var key = HMACSHA256.HashData(prk, block);
        CryptographicOperations.ZeroMemory(prk);
        return key;
    }

    /// <summary>ChaCha20-Poly1305 with a zero nonce: safe because every wrap key is used once.</summary>
    public static byte[] WrapFileKey(byte[] wrapKey, ReadOnlySpan<byte> fileKey)
    {
        using var aead = new ChaCha20Poly1305(wrapKey);
        var body = new byte[fileKey.Length + 16];
        aead.Encrypt(stackalloc byte[12], fileKey, body.AsSpan(0, fileKey.Length), body.AsSpan(fileKey.Length));
        CryptographicOperations.ZeroMemory(wrapKey);
        return body;
    }

    /// <summary>Null when the tag does not verify (the stanza is then "not ours").</summary>
    public static byte[]? UnwrapFileKey(byte[] wrapKey, ReadOnlySpan<byte> body)
    {
        try
        {
            using var aead = new ChaCha20Poly1305(wrapKey);
            var fileKey = new byte[FileKeySize];
            try
            {
                aead.Decrypt(stackalloc byte[12], body[..FileKeySize], body[FileKeySize..], fileKey);
                return fileKey;
            }
            catch (AuthenticationTagMismatchException)
            {
                return null;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKey);
        }
    }
}
