using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OnionGroove.Age.Ssh;

/// <summary>OpenBSD's bcrypt_pbkdf, which OpenSSH uses to derive the key that encrypts private
/// key files: a PBKDF2-like loop whose PRF is "bcrypt_hash" (an expensive Blowfish key schedule over
/// SHA-512 of the password and salt, then 64 encryptions of a fixed 32-byte text). Output bytes are
/// spread across the blocks (stride) rather than concatenated, as in the OpenBSD definition.</summary>
internal static class BcryptPbkdf
{
    private const int HashSize = 32;
    private static readonly byte[] MagicText = "OxychromaticBlowfishSwatDynamite"u8.ToArray();

    public static byte[] Derive(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int rounds, int keyLength)
    {
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds));
        if (keyLength is < 1 or > HashSize * HashSize) throw new ArgumentOutOfRangeException(nameof(keyLength));
        var key = new byte[keyLength];
        var stride = (keyLength + HashSize - 1) / HashSize;
        var amount = (keyLength + stride - 1) / stride;
        var sha2pass = SHA512.HashData(password);
        var countSalt = new byte[salt.Length + 4];
        salt.CopyTo(countSalt);
        var sha2salt = new byte[64];
        var tmp = new byte[HashSize];
        var output = new byte[HashSize];
        var remaining = keyLength;
        for (uint count = 1; remaining > 0; count++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(countSalt.AsSpan(salt.Length), count);
            SHA512.HashData(countSalt, sha2salt);
            Hash(sha2pass, sha2salt, tmp);
            tmp.CopyTo(output, 0);
            for (var i = 1; i < rounds; i++)
            {
                SHA512.HashData(tmp, sha2salt);
                Hash(sha2pass, sha2salt, tmp);
                for (var j = 0; j < HashSize; j++) output[j] ^= tmp[j];
            }
            var take = Math.Min(amount, remaining);
            int n;
            for (n = 0; n < take; n++)
            {
                var dest = n * stride + (int)(count - 1);
                if (dest >= keyLength) break;
                key[dest] = output[n];
            }
            remaining -= n;
        }
        CryptographicOperations.ZeroMemory(sha2pass);
        CryptographicOperations.ZeroMemory(tmp);
        CryptographicOperations.ZeroMemory(output);
        return key;
    }

    /// <summary>bcrypt_hash(sha2pass, sha2salt): 32 bytes.</summary>
    internal static void Hash(ReadOnlySpan<byte> sha2pass, ReadOnlySpan<byte> sha2salt, Span<byte> output)
    {
        var bf = new Blowfish();
        bf.ExpandState(sha2salt, sha2pass);
        for (var i = 0; i < 64; i++)
        {
            bf.ExpandZeroState(sha2salt);
            bf.ExpandZeroState(sha2pass);
        }
        Span<uint> cdata = stackalloc uint[8];
        for (var i = 0; i < 8; i++) cdata[i] = BinaryPrimitives.ReadUInt32BigEndian(MagicText.AsSpan(i * 4));
        for (var i = 0; i < 64; i++)
            for (var b = 0; b < 8; b += 2) bf.Encipher(ref cdata[b], ref cdata[b + 1]);
        // The words leave little-endian (unlike the big-endian input): part of the definition.
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32LittleEndian(output[(i * 4)..], cdata[i]);
        bf.Clear();
    }
}
