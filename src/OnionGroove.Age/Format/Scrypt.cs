using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace OnionGroove.Age.Format;

/// <summary>scrypt (RFC 7914). BouncyCastle's managed version needs ~18 s for age's default work
/// factor (2^18) on this machine class; this one keeps the working block in locals and runs the
/// same parameters in about a second. PBKDF2-HMAC-SHA-256 comes from the platform.</summary>
internal static class Scrypt
{
    public static byte[] DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int logN, int r, int p, int length)
    {
        if (logN is < 1 or > 30) throw new ArgumentOutOfRangeException(nameof(logN));
        var blockWords = 32 * r;
        var b = Rfc2898DeriveBytes.Pbkdf2(password, salt, 1, HashAlgorithmName.SHA256, p * 128 * r);
        var x = new uint[blockWords];
        var y = new uint[blockWords];
        var v = GC.AllocateUninitializedArray<uint>(blockWords << logN);
        try
        {
            for (var i = 0; i < p; i++)
            {
                var chunk = b.AsSpan(i * 128 * r, 128 * r);
                for (var w = 0; w < blockWords; w++) x[w] = BinaryPrimitives.ReadUInt32LittleEndian(chunk[(w * 4)..]);
                RoMix(x, y, v, logN, r);
                for (var w = 0; w < blockWords; w++) BinaryPrimitives.WriteUInt32LittleEndian(chunk[(w * 4)..], x[w]);
            }
            return Rfc2898DeriveBytes.Pbkdf2(password, b, 1, HashAlgorithmName.SHA256, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(b);
            Array.Clear(x);
            Array.Clear(y);
            Array.Clear(v);
        }
    }

    private static unsafe void RoMix(uint[] x, uint[] y, uint[] v, int logN, int r)
    {
        var n = 1 << logN;
        var words = 32 * r;
        fixed (uint* px = x, py = y, pv = v)
        {
            for (var i = 0; i < n; i++)
            {
                Buffer.MemoryCopy(px, pv + (long)i * words, words * 4L, words * 4L);
                BlockMix(px, py, r);
            }
            var mask = (uint)(n - 1);
            for (var i = 0; i < n; i++)
            {
                var j = px[words - 16] & mask; // Integerify: first word of the last 64-byte block
                var vj = pv + (long)j * words;
                for (var w = 0; w < words; w++) px[w] ^= vj[w];
                BlockMix(px, py, r);
            }
        }
    }

    /// <summary>BlockMix_salsa20/8 in place on b (y is scratch): odd outputs go to the second half.</summary>
    [SkipLocalsInit]
    private static unsafe void BlockMix(uint* b, uint* y, int r)
    {
        var t = stackalloc uint[16];
        Buffer.MemoryCopy(b + (2 * r - 1) * 16, t, 64, 64);
        for (var i = 0; i < 2 * r; i++)
        {
            SalsaXor(t, b + i * 16);
            var dest = (i & 1) == 0 ? (i / 2) * 16 : (r + i / 2) * 16;
            Buffer.MemoryCopy(t, y + dest, 64, 64);
        }
        Buffer.MemoryCopy(y, b, 128L * r, 128L * r);
    }

    /// <summary>t = Salsa20/8(t XOR b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SalsaXor(uint* t, uint* b)
    {
        uint x0 = t[0] ^ b[0], x1 = t[1] ^ b[1], x2 = t[2] ^ b[2], x3 = t[3] ^ b[3], x4 = t[4] ^ b[4], x5 = t[5] ^ b[5],
            x6 = t[6] ^ b[6], x7 = t[7] ^ b[7], x8 = t[8] ^ b[8], x9 = t[9] ^ b[9], x10 = t[10] ^ b[10], x11 = t[11] ^ b[11],
            x12 = t[12] ^ b[12], x13 = t[13] ^ b[13], x14 = t[14] ^ b[14], x15 = t[15] ^ b[15];
        uint i0 = x0, i1 = x1, i2 = x2, i3 = x3, i4 = x4, i5 = x5, i6 = x6, i7 = x7,
            i8 = x8, i9 = x9, i10 = x10, i11 = x11, i12 = x12, i13 = x13, i14 = x14, i15 = x15;
        for (var i = 0; i < 8; i += 2)
        {
            x4 ^= BitOperations.RotateLeft(x0 + x12, 7); x8 ^= BitOperations.RotateLeft(x4 + x0, 9);
            x12 ^= BitOperations.RotateLeft(x8 + x4, 13); x0 ^= BitOperations.RotateLeft(x12 + x8, 18);
            x9 ^= BitOperations.RotateLeft(x5 + x1, 7); x13 ^= BitOperations.RotateLeft(x9 + x5, 9);
            x1 ^= BitOperations.RotateLeft(x13 + x9, 13); x5 ^= BitOperations.RotateLeft(x1 + x13, 18);
            x14 ^= BitOperations.RotateLeft(x10 + x6, 7); x2 ^= BitOperations.RotateLeft(x14 + x10, 9);
            x6 ^= BitOperations.RotateLeft(x2 + x14, 13); x10 ^= BitOperations.RotateLeft(x6 + x2, 18);
            x3 ^= BitOperations.RotateLeft(x15 + x11, 7); x7 ^= BitOperations.RotateLeft(x3 + x15, 9);
            x11 ^= BitOperations.RotateLeft(x7 + x3, 13); x15 ^= BitOperations.RotateLeft(x11 + x7, 18);

            x1 ^= BitOperations.RotateLeft(x0 + x3, 7); x2 ^= BitOperations.RotateLeft(x1 + x0, 9);
            x3 ^= BitOperations.RotateLeft(x2 + x1, 13); x0 ^= BitOperations.RotateLeft(x3 + x2, 18);
            x6 ^= BitOperations.RotateLeft(x5 + x4, 7); x7 ^= BitOperations.RotateLeft(x6 + x5, 9);
            x4 ^= BitOperations.RotateLeft(x7 + x6, 13); x5 ^= BitOperations.RotateLeft(x4 + x7, 18);
            x11 ^= BitOperations.RotateLeft(x10 + x9, 7); x8 ^= BitOperations.RotateLeft(x11 + x10, 9);
            x9 ^= BitOperations.RotateLeft(x8 + x11, 13); x10 ^= BitOperations.RotateLeft(x9 + x8, 18);
            x12 ^= BitOperations.RotateLeft(x15 + x14, 7); x13 ^= BitOperations.RotateLeft(x12 + x15, 9);
            x14 ^= BitOperations.RotateLeft(x13 + x12, 13); x15 ^= BitOperations.RotateLeft(x14 + x13, 18);
        }
        t[0] = i0 + x0; t[1] = i1 + x1; t[2] = i2 + x2; t[3] = i3 + x3; t[4] = i4 + x4; t[5] = i5 + x5; t[6] = i6 + x6; t[7] = i7 + x7;
        t[8] = i8 + x8; t[9] = i9 + x9; t[10] = i10 + x10; t[11] = i11 + x11; t[12] = i12 + x12; t[13] = i13 + x13; t[14] = i14 + x14; t[15] = i15 + x15;
    }
}
