using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.OuterLayer;

namespace OnionGroove.Descriptors.Encryption;

/// <summary>Encryption of the two descriptor layers (rend-spec-v3 §2.5.3):
/// keys = SHAKE-256(SECRET_DATA ‖ subcredential ‖ INT_8(revision_counter) ‖ salt ‖ STRING_CONSTANT),
/// split into SECRET_KEY(32) ‖ SECRET_IV(16) ‖ MAC_KEY(32); the blob is salt(16) ‖ AES-256-CTR ‖ MAC, with
/// MAC = SHA3-256(INT_8(len(MAC_KEY)) ‖ MAC_KEY ‖ INT_8(len(salt)) ‖ salt ‖ ciphertext).</summary>
public static class LayerCipher
{
    public const int SaltLength = 16, MacLength = 32;
    private const int KeyLength = 32, IvLength = 16, MacKeyLength = 32;

    private static ReadOnlySpan<byte> Constant(DescriptorLayer layer) =>
        layer == DescriptorLayer.First ? "hsdir-superencrypted-data"u8 : "hsdir-encrypted-data"u8;

    /// <summary>Encrypts the layer <paramref name="secretData"/> is for.</summary>
    public static byte[] Encrypt(SecretData secretData, Subcredential subcredential, RevisionCounter revisionCounter,
        ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> salt)
    {
        if (salt.Length != SaltLength) throw new ArgumentException("salt must be 16 bytes", nameof(salt));
        var blob = new byte[SaltLength + plaintext.Length + MacLength];
        salt.CopyTo(blob);
        Span<byte> keys = stackalloc byte[KeyLength + IvLength + MacKeyLength];
        try
        {
            DeriveKeys(secretData, subcredential, revisionCounter, salt, keys);
            var ciphertext = blob.AsSpan(SaltLength, plaintext.Length);
            Primitives.AesCtr(keys[..KeyLength], keys.Slice(KeyLength, IvLength), plaintext, ciphertext);
            Mac(keys[(KeyLength + IvLength)..], salt, ciphertext, blob.AsSpan(SaltLength + plaintext.Length));
        }
        finally { CryptographicOperations.ZeroMemory(keys); }
        return blob;
    }

    /// <summary>Checks the MAC and decrypts; null if the MAC does not match (wrong keys or tampering).</summary>
    public static byte[]? Decrypt(SecretData secretData, Subcredential subcredential, RevisionCounter revisionCounter,
        ReadOnlySpan<byte> blob)
    {
        if (blob.Length < SaltLength + MacLength) return null;
        var salt = blob[..SaltLength];
        var ciphertext = blob[SaltLength..^MacLength];
        Span<byte> keys = stackalloc byte[KeyLength + IvLength + MacKeyLength];
        Span<byte> mac = stackalloc byte[MacLength];
        try
        {
            DeriveKeys(secretData, subcredential, revisionCounter, salt, keys);
            Mac(keys[(KeyLength + IvLength)..], salt, ciphertext, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, blob[^MacLength..])) return null;
            var plain = new byte[ciphertext.Length];
            Primitives.AesCtr(keys[..KeyLength], keys.Slice(KeyLength, IvLength), ciphertext, plain);
            return plain;
        }
        finally { CryptographicOperations.ZeroMemory(keys); }
    }

    private static void DeriveKeys(SecretData secretData, Subcredential subcredential, RevisionCounter revisionCounter,
        ReadOnlySpan<byte> salt, Span<byte> keys)
    {
        var constant = Constant(secretData.Layer);
        var secret = secretData.AsSpan();
        var sub = subcredential.AsSpan();
        var input = new byte[secret.Length + sub.Length + 8 + salt.Length + constant.Length];
        var w = input.AsSpan();
        secret.CopyTo(w); w = w[secret.Length..];
        sub.CopyTo(w); w = w[sub.Length..];
        Primitives.WriteInt8(w, revisionCounter.Value); w = w[8..];
        salt.CopyTo(w); w = w[salt.Length..];
        constant.CopyTo(w);
        Primitives.Shake256(input, keys);
        CryptographicOperations.ZeroMemory(input);
    }

    private static void Mac(ReadOnlySpan<byte> macKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ciphertext, Span<byte> mac)
    {
        // Hashed incrementally so the (≥ 10 000-byte) ciphertext is not copied; only the small keyed header is buffered.
        Span<byte> header = stackalloc byte[8 + MacKeyLength + 8 + SaltLength];
        var used = 8 + macKey.Length + 8 + salt.Length;
        if (used > header.Length) throw new ArgumentException("MAC key or salt too long");
        var w = header;
        Primitives.WriteInt8(w, (ulong)macKey.Length); w = w[8..];
        macKey.CopyTo(w); w = w[macKey.Length..];
        Primitives.WriteInt8(w, (ulong)salt.Length); w = w[8..];
        salt.CopyTo(w);
        try
        {
            using var sha3 = IncrementalHash.CreateHash(HashAlgorithmName.SHA3_256);
            sha3.AppendData(header[..used]);
            sha3.AppendData(ciphertext);
            sha3.GetHashAndReset(mac);
        }
        finally { CryptographicOperations.ZeroMemory(header); }
    }
}
