namespace OnionGroove.Age.Format;

/// <summary>A read-ahead buffer over the input: the header is read line by line, then the payload
/// continues from exactly the byte after the header.</summary>
internal sealed class BufferedInput(Stream source)
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;
    private bool _eof;

    /// <summary>Reads one line including its LF, at most maxLength bytes. Returns null at EOF; a
    /// final line without LF is returned as is (callers check); tooLong is set past maxLength.</summary>
    public byte[]? ReadLine(int maxLength, out bool tooLong)
    {
        // Header lines may be up to 16 KiB but are short: borrow the room, copy out what was read.
        var line = System.Buffers.ArrayPool<byte>.Shared.Rent(maxLength);
        try
        {
            var n = ReadLine(line.AsSpan(0, maxLength), out tooLong);
            if (tooLong) return [];
            return n < 0 ? null : line[..n];
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(line);
        }
    }

    /// <summary>Reads one line including its LF into destination without allocating. Returns its
    /// length, or -1 at EOF; a final line without LF is returned as is; tooLong is set when the line
    /// does not fit destination.</summary>
    public int ReadLine(Span<byte> destination, out bool tooLong)
    {
        tooLong = false;
        var length = 0;
        while (true)
        {
            if (_start == _end && !Fill()) return length == 0 ? -1 : length;
            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            var take = lf >= 0 ? lf + 1 : span.Length;
            if (length + take > destination.Length) { tooLong = true; return 0; }
            span[..take].CopyTo(destination[length..]);
            length += take;
            _start += take;
            if (lf >= 0) return length;
        }
    }

    /// <summary>Reads as many bytes as are available up to destination.Length; fewer only at EOF.</summary>
    public int ReadFull(Span<byte> destination)
    {
        var total = 0;
        if (_start < _end)
        {
            var n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            total = n;
        }
        while (total < destination.Length && !_eof)
        {
            var n = source.Read(destination[total..]);
            if (n == 0) _eof = true;
            total += n;
        }
        return total;
    }

    private bool Fill()
    {
        if (_eof) return false;
        _start = 0;
        _end = source.Read(_buffer, 0, _buffer.Length);
        if (_end == 0) _eof = true;
        return _end > 0;
    }
}
