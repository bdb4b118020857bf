using System.Security.Cryptography;
using OnionGroove.TestSupport;
using OnionGroove.Age.Format;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Age.Tests;

/// <summary>Chunk boundaries, armor line boundaries and constant-memory streaming.</summary>
public class StreamingTests
{
    public static TheoryData<int> EdgeSizes() => new([0, 1, 47, 48, 49, 65535, 65536, 65537, 2 * 65536]);

    [Theory]
    [MemberData(nameof(EdgeSizes))]
    public void Chunk_and_line_boundaries_interoperate_with_age(int size)
    {
        using var dir = new TempDir("og-age");
        var plaintext = RandomNumberGenerator.GetBytes(size);
        using var identity = X25519Identity.Generate();
        File.WriteAllText(dir["key.txt"], identity.ExportSecret() + "\n");
        foreach (var armor in new[] { false, true })
        {
            File.WriteAllBytes(dir["ours.age"], AgeEncryptor.EncryptBytes(plaintext, [identity.Recipient], armor));
            var r = AgeTool.Run("-d", "-i", dir["key.txt"], "-o", dir["out"], dir["ours.age"]);
            Assert.True(r.ExitCode == 0, $"size {size} armor {armor}: {r.Stderr}");
            // age 1.1.1 creates its -o file lazily, so an empty plaintext leaves none.
            Assert.Equal(plaintext, File.Exists(dir["out"]) ? File.ReadAllBytes(dir["out"]) : []);
            File.Delete(dir["out"]);
        }
        File.WriteAllBytes(dir["msg"], plaintext);
        Assert.Equal(0, AgeTool.Run("-r", identity.Recipient.ToString(), "-o", dir["theirs.age"], dir["msg"]).ExitCode);
        Assert.Equal(plaintext, AgeDecryptor.DecryptBytes(File.ReadAllBytes(dir["theirs.age"]), [identity]));
    }

    [Fact]
    public void Encrypt_and_decrypt_stream_in_constant_memory()
    {
        using var identity = X25519Identity.Generate();
        const long size = 32L * 1024 * 1024;
        var encrypted = new MemoryStream();
        var before = GC.GetAllocatedBytesForCurrentThread();
        AgeEncryptor.Encrypt(new PatternStream(size), encrypted, [identity.Recipient]);
        var encryptAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        encrypted.Position = 0;
        var sink = new CountingSink();
        before = GC.GetAllocatedBytesForCurrentThread();
        AgeDecryptor.Decrypt(encrypted, sink, [identity]);
        var decryptAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(size, sink.Length);
        // 32 MiB went through; the work buffers are one chunk. (The ciphertext MemoryStream is
        // written outside the measured thread allocations only in part, so we bound generously.)
        Assert.True(decryptAllocated < 1024 * 1024, $"decrypt allocated {decryptAllocated} bytes");
        Assert.True(encryptAllocated < 96L * 1024 * 1024, $"encrypt allocated {encryptAllocated} bytes");
    }

    [Fact]
    public void Decrypting_a_truncated_file_fails_at_every_cut()
    {
        using var identity = X25519Identity.Generate();
        var plaintext = RandomNumberGenerator.GetBytes(65536 + 100);
        var file = AgeEncryptor.EncryptBytes(plaintext, [identity.Recipient]);
        foreach (var cut in new[] { 10, 60, 150, file.Length - 65536 - 200, file.Length - 117, file.Length - 1 })
        {
            var e = Assert.ThrowsAny<AgeException>(() => AgeDecryptor.DecryptBytes(file.AsSpan(0, cut), [identity]));
            Assert.True(e.Kind is AgeFailureKind.Header or AgeFailureKind.Payload, $"cut {cut}: {e.Kind}");
        }
    }

    /// <summary>A non-seekable source of deterministic bytes.</summary>
    private sealed class PatternStream(long length) : ForwardReadStream
    {
        private long _position;
        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++) buffer[i] = (byte)(_position + i);
            _position += n;
            return n;
        }
    }

    private sealed class CountingSink : Stream
    {
        private long _length;
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
