using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace OnionGroove.Descriptors.Encryption;

/// <summary>The symmetric primitives of rend-spec-v3 §2.5.3: SHAKE-256 KDF, AES-256-CTR, SHA3-256.</summary>
internal static class Primitives
{
    public static void Shake256(ReadOnlySpan<byte> input, Span<byte> output) => System.Security.Cryptography.Shake256.HashData(input, output);

    public static byte[] Sha3(ReadOnlySpan<byte> input) => SHA3_256.HashData(input);

    /// <summary>AES-256 in counter mode, the IV being the initial 128-bit big-endian counter
    /// (tor's aes_new_cipher). Built from ECB because .NET has no CTR mode.</summary>
    public static void AesCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        const int block = 16, batch = 256;
        // The 128-bit big-endian counter as two halves; the carry into the high half is a branch on public data.
        ulong hi = BinaryPrimitives.ReadUInt64BigEndian(iv), lo = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        var counters = new byte[block * batch];
        var stream = new byte[block * batch];
        for (int off = 0; off < input.Length; off += counters.Length)
        {
            int n = Math.Min(counters.Length, input.Length - off);
            int blocks = (n + block - 1) / block;
            for (int b = 0; b < blocks; b++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan(b * block), hi);
                BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan(b * block + 8), lo);
                if (++lo == 0) hi++;
            }
            aes.EncryptEcb(counters.AsSpan(0, blocks * block), stream.AsSpan(0, blocks * block), PaddingMode.None);
            Xor(input.Slice(off, n), stream, output.Slice(off, n));
        }
        CryptographicOperations.ZeroMemory(stream);
        aes.Clear();
    }

    /// <summary>output = input ⊕ keystream, a vector at a time.</summary>
    private static void Xor(ReadOnlySpan<byte> input, ReadOnlySpan<byte> keystream, Span<byte> output)
    {
        int i = 0;
        for (; i + Vector<byte>.Count <= input.Length; i += Vector<byte>.Count)
            (new Vector<byte>(input[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(output[i..]);
        for (; i < input.Length; i++) output[i] = (byte)(input[i] ^ keystream[i]);
    }

    public static void WriteInt8(Span<byte> dest, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(dest, value);
}
