using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OnionGroove.Age.Format;

/// <summary>The age payload (spec "Payload"): a 16-byte nonce, then the STREAM construction with
/// ChaCha20-Poly1305 over 64 KiB chunks; the AEAD nonce is an 11-byte big-endian counter followed by
/// a last-chunk flag byte. Works one chunk at a time, so memory use does not grow with the file.</summary>
internal static class StreamPayload
{
    public const int NonceSize = 16;
    public const int ChunkSize = 64 * 1024;
    public const int TagSize = 16;
    public const int EncryptedChunkSize = ChunkSize + TagSize;

    public static byte[] PayloadKey(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> nonce) =>
        AgeCrypto.Hkdf(fileKey, nonce, "payload");

    private static void SetNonce(Span<byte> nonce, ulong counter, bool last)
    {
        nonce[..3].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[3..11], counter);
        nonce[11] = last ? (byte)1 : (byte)0;
    }

    /// <summary>Encrypts all of plaintext to output (nonce first).</summary>
    public static void Encrypt(ReadOnlySpan<byte> fileKey, Stream plaintext, Stream output)
    {
        Span<byte> streamNonce = stackalloc byte[NonceSize];
        RandomNumberGenerator.Fill(streamNonce);
        output.Write(streamNonce);
        var key = PayloadKey(fileKey, streamNonce);
        using var aead = new ChaCha20Poly1305(key);
        CryptographicOperations.ZeroMemory(key);

        // One spare byte: a full chunk is only known to be the last when nothing follows it.
        var input = new byte[ChunkSize + 1];
        var sealedChunk = new byte[EncryptedChunkSize];
        Span<byte> nonce = stackalloc byte[12];
        var have = ReadFull(plaintext, input.AsSpan(0, ChunkSize + 1));
        ulong counter = 0;
        try
        {
            while (true)
            {
                var last = have <= ChunkSize;
                var n = Math.Min(have, ChunkSize);
                SetNonce(nonce, counter, last);
                aead.Encrypt(nonce, input.AsSpan(0, n), sealedChunk.AsSpan(0, n), sealedChunk.AsSpan(n, TagSize));
                output.Write(sealedChunk, 0, n + TagSize);
                if (last) return;
                counter++;
                input[0] = input[ChunkSize];
                have = 1 + ReadFull(plaintext, input.AsSpan(1, ChunkSize));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>Decrypts the chunks after the nonce, writing each verified chunk to output as soon as
    /// it verifies. Throws <see cref="AgePayloadException"/> on a bad chunk, truncation, an empty final
    /// chunk after others, or data after the final chunk.</summary>
    public static void Decrypt(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> streamNonce, BufferedInput input, Stream output)
    {
        var key = PayloadKey(fileKey, streamNonce);
        using var aead = new ChaCha20Poly1305(key);
        CryptographicOperations.ZeroMemory(key);

        var buffer = new byte[EncryptedChunkSize + 1];
        var plain = new byte[ChunkSize];
        Span<byte> nonce = stackalloc byte[12];
        var have = input.ReadFull(buffer.AsSpan(0, EncryptedChunkSize + 1));
        ulong counter = 0;
        try
        {
            while (true)
            {
                // Without the spare byte we cannot tell a full final chunk from a full middle one.
                var atEof = have <= EncryptedChunkSize;
                var n = Math.Min(have, EncryptedChunkSize);
                if (n < TagSize)
                    throw new AgePayloadException(counter == 0 ? "payload has no chunks" : "truncated payload chunk");
                var len = n - TagSize;
                // A full-size chunk is tried as a middle chunk first, then as the final one. Either
                // way a chunk that verifies is released before any error about where it sits.
                bool last;
                SetNonce(nonce, counter, false);
                if (n == EncryptedChunkSize && TryOpen(aead, nonce, buffer.AsSpan(0, n), plain))
                    last = false;
                else
                {
                    SetNonce(nonce, counter, true);
                    if (!TryOpen(aead, nonce, buffer.AsSpan(0, n), plain))
                        throw new AgePayloadException("payload chunk failed to authenticate (tampered or truncated file)");
                    last = true;
                    if (len == 0 && counter > 0)
                        throw new AgePayloadException("final payload chunk is empty (only allowed for an empty file)");
                }
                output.Write(plain, 0, len);
                if (last && !atEof) throw new AgePayloadException("data after the final payload chunk");
                if (atEof && !last) throw new AgePayloadException("file is truncated: it ends without a final payload chunk");
                if (last) return;
                counter++;
                buffer[0] = buffer[EncryptedChunkSize];
                have = 1 + input.ReadFull(buffer.AsSpan(1, EncryptedChunkSize));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static bool TryOpen(ChaCha20Poly1305 aead, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedChunk, Span<byte> plain)
    {
        var len = sealedChunk.Length - TagSize;
        try
        {
            aead.Decrypt(nonce, sealedChunk[..len], sealedChunk[len..], plain[..len]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private static int ReadFull(Stream s, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = s.Read(destination[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
