using System.Security.Cryptography;

namespace OnionGroove.Crypto.Keys;

/// <summary>Secret key material in one pinned buffer (the GC never leaves copies behind), readable
/// until <see cref="Dispose"/> zeroes it. Every secret key type keeps its bytes in one of these, so
/// zeroing on dispose lives in one place.</summary>
internal sealed class SecretBytes : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    public SecretBytes(ReadOnlySpan<byte> value)
    {
        _bytes = GC.AllocateUninitializedArray<byte>(value.Length, pinned: true);
        value.CopyTo(_bytes);
    }

    /// <summary>The bytes; <see cref="ObjectDisposedException"/> once disposed.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>Copies the bytes out; the caller zeroes the destination.</summary>
    public void CopyTo(Span<byte> destination)
    {
        var bytes = Span;
        if (destination.Length < bytes.Length) throw new ArgumentException($"destination must hold {bytes.Length} bytes", nameof(destination));
        bytes.CopyTo(destination);
    }

    public void Dispose()
    {
        if (_disposed) return;
        CryptographicOperations.ZeroMemory(_bytes);
        _disposed = true;
    }
}
