namespace OnionGroove.Age.Format;

/// <summary>Reads the first bytes of a non-seekable stream to sniff them, then replays them.</summary>
internal sealed class PeekStream : ForwardReadStream
{
    private readonly Stream _source;
    private readonly byte[] _head;
    private int _position;

    public PeekStream(Stream source, int size)
    {
        _source = source;
        var buffer = new byte[size];
        var n = 0;
        while (n < size)
        {
            var r = source.Read(buffer, n, size - n);
            if (r == 0) break;
            n += r;
        }
        _head = buffer[..n];
    }

    public ReadOnlySpan<byte> Head => _head;

    public override int Read(Span<byte> buffer)
    {
        if (_position < _head.Length)
        {
            var n = Math.Min(buffer.Length, _head.Length - _position);
            _head.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
        return _source.Read(buffer);
    }
}
