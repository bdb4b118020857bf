namespace OnionGroove.Age.Format;

/// <summary>Reads the PEM armor strictly, line by line (spec "ASCII armor"): only whitespace may
/// surround the block; no headers, no empty or short inner lines, canonical padded base64, LF or
/// CRLF line ends. Anything else throws <see cref="AgeArmorException"/>, also midway through the
/// payload, so armor errors are never reported as payload errors.</summary>
internal sealed class ArmorReader(Stream source) : ForwardReadStream
{
    private const int ColumnsPerLine = 64;
    private readonly BufferedInput _input = new(source);
    private static readonly byte[] Begin = System.Text.Encoding.ASCII.GetBytes(ArmorWriter.Begin);
    private static readonly byte[] End = System.Text.Encoding.ASCII.GetBytes(ArmorWriter.End);
    private readonly byte[] _line = new byte[ColumnsPerLine + 2 + 64];
    private readonly byte[] _decoded = new byte[48];
    private int _decodedStart, _decodedEnd;
    private bool _started, _lastDataLine, _finished;

    /// <summary>True when the data (after optional whitespace) starts like an armored age file.</summary>
    public static bool LooksArmored(ReadOnlySpan<byte> head)
    {
        var i = 0;
        while (i < head.Length && IsSpace(head[i])) i++;
        return head[i..].StartsWith("-----BEGIN"u8);
    }

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            if (_decodedStart == _decodedEnd && !NextLine()) break;
            var n = Math.Min(buffer.Length - total, _decodedEnd - _decodedStart);
            _decoded.AsSpan(_decodedStart, n).CopyTo(buffer[total..]);
            _decodedStart += n;
            total += n;
        }
        return total;
    }


    private bool NextLine()
    {
        if (_finished) return false;
        if (!_started)
        {
            if (!ReadFirstNonBlankLine().SequenceEqual(Begin)) throw new AgeArmorException("armor does not start with \"" + ArmorWriter.Begin + "\"");
            _started = true;
        }
        var line = ReadArmorLine(out var atEof);
        if (line.IsEmpty && atEof) throw new AgeArmorException("armor ends without the END line");
        if (line.SequenceEqual(End))
        {
            if (!atEof) CheckOnlyWhitespaceFollows();
            _finished = true;
            return false;
        }
        if (atEof) throw new AgeArmorException("armor ends without the END line");
        if (_lastDataLine) throw new AgeArmorException("a short armor line must be the last before the END line");
        if (line.Length == 0) throw new AgeArmorException("empty line inside the armor");
        if (line.Length > ColumnsPerLine) throw new AgeArmorException("armor line longer than 64 columns");
        if (line.Length < ColumnsPerLine) _lastDataLine = true;
        var n = StrictBase64.DecodePadded(line, _decoded);
        if (n < 0) throw new AgeArmorException("armor line is not canonical padded base64");
        if (n < 48) _lastDataLine = true;
        _decodedStart = 0;
        _decodedEnd = n;
        return true;
    }

    private ReadOnlySpan<byte> ReadFirstNonBlankLine()
    {
        while (true)
        {
            var line = ReadArmorLine(out var atEof, trimSpace: true);
            if (line.IsEmpty && atEof) throw new AgeArmorException("no armor BEGIN line");
            if (line.Length > 0) return line;
        }
    }

    /// <summary>One line without its LF (or CRLF), a view of the line buffer valid until the next
    /// call; empty with atEof set at EOF. atEof: the line had no line end. Lines are read into one
    /// reused buffer: a 100 MB armored file has two million of them.</summary>
    private ReadOnlySpan<byte> ReadArmorLine(out bool atEof, bool trimSpace = false)
    {
        atEof = false;
        var len = _input.ReadLine(_line, out var tooLong);
        if (tooLong) throw new AgeArmorException("armor line too long");
        if (len < 0) { atEof = true; return []; }
        if (_line[len - 1] == '\n') len--; else atEof = true;
        if (len > 0 && _line[len - 1] == '\r') len--;
        var raw = _line.AsSpan(0, len);
        foreach (var c in raw)
            if (c > 126 || c < 32 && !(trimSpace && IsSpace(c))) throw new AgeArmorException("control or non-ASCII character in the armor");
        return trimSpace ? raw.Trim(" \t\r\n\v\f"u8) : raw;
    }

    private void CheckOnlyWhitespaceFollows()
    {
        var chunk = new byte[4096];
        long seen = 0;
        while (true)
        {
            var n = _input.ReadFull(chunk);
            foreach (var c in chunk.AsSpan(0, n))
                if (!IsSpace(c)) throw new AgeArmorException("data after the armor END line");
            seen += n;
            if (n < chunk.Length) return;
            if (seen > 1 << 20) throw new AgeArmorException("too much trailing whitespace after the armor");
        }
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0b or 0x0c;
}
