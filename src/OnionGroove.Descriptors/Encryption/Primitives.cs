using System.Buffers.Binary;
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
        Span<byte> counter = stackalloc byte[block];
        iv.CopyTo(counter);
        var counters = new byte[block * batch];
        var stream = new byte[block * batch];
        for (int off = 0; off < input.Length; off += counters.Length)
        {
            int n = Math.Min(counters.Length, input.Length - off);
            int blocks = (n + block - 1) / block;
            for (int b = 0; b < blocks; b++)
            {
                counter.CopyTo(counters.AsSpan(b * block));
                Increment(counter);
            }
            aes.EncryptEcb(counters.AsSpan(0, blocks * block), stream.AsSpan(0, blocks * block), PaddingMode.None);
            for (int i = 0; i < n; i++) output[off + i] = (byte)(input[off + i] ^ stream[i]);
        }
        CryptographicOperations.ZeroMemory(stream);
        aes.Clear();
    }

    private static void Increment(Span<byte> counter)
    {
        for (int i = counter.Length - 1; i >= 0; i--)
            if (++counter[i] != 0) break;
    }

    public static void WriteInt8(Span<byte> dest, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(dest, value);
}
