using System.Text;

namespace OnionGroove.Control.Protocol;

/// <summary>Reads control-port replies (control-spec §2.3) from a byte stream: status-coded lines,
/// data blocks after "+" lines (dot-encoded, ended by a lone "."), and the end line. Every limit in
/// <see cref="ControlLimits"/> is enforced while reading, so a malformed or endless reply ends in
/// an error result rather than unbounded buffering. Not thread-safe: one reader loop owns it.</summary>
public sealed class ControlReplyReader
{
    private readonly Stream _stream;
    private readonly ControlLimits _limits;
    private byte[] _buffer = new byte[8192];
    private int _start, _end;
    private bool _eof;

    public ControlReplyReader(Stream stream, ControlLimits? limits = null)
    {
        _stream = stream;
        _limits = limits ?? ControlLimits.Default;
    }

    public async ValueTask<ControlReadResult> ReadReplyAsync(CancellationToken ct = default)
    {
        var lines = new List<ReplyLine>();
        long replyBytes = 0;
        var lineCount = 0;
        while (true)
        {
            var (line, lineError) = await ReadLineAsync(ct).ConfigureAwait(false);
            if (lineError is not null) return ControlReadResult.Fail(lineError);
            if (line is null)
                return lines.Count == 0 ? ControlReadResult.EndOfStream
                    : ControlReadResult.Fail("connection closed in the middle of a reply");
            if (Account(ref replyBytes, ref lineCount, line) is { } capError) return ControlReadResult.Fail(capError);

            if (!TryParseHeader(line, out var status, out var separator, out var text, out var headerError))
                return ControlReadResult.Fail(headerError);

            string? data = null;
            if (separator == '+')
            {
                var block = new StringBuilder();
                var first = true;
                while (true)
                {
                    var (dataLine, dataError) = await ReadLineAsync(ct).ConfigureAwait(false);
                    if (dataError is not null) return ControlReadResult.Fail(dataError);
                    if (dataLine is null) return ControlReadResult.Fail("connection closed inside a data block");
                    if (Account(ref replyBytes, ref lineCount, dataLine) is { } capError2) return ControlReadResult.Fail(capError2);
                    if (dataLine == ".") break;
                    if (!first) block.Append('\n');
                    first = false;
                    // Dot-encoding: a data line that starts with "." was sent with an extra "." in front.
                    block.Append(dataLine.StartsWith('.') ? dataLine.AsSpan(1) : dataLine);
                }
                data = block.ToString();
            }
            lines.Add(new ReplyLine(status, separator, text, data));
            if (separator == ' ') return ControlReadResult.Ok(new ControlReply(lines));
        }
    }

    private string? Account(ref long replyBytes, ref int lineCount, string line)
    {
        replyBytes += line.Length + 2;
        lineCount++;
        if (replyBytes > _limits.MaxReplyBytes) return $"reply larger than {_limits.MaxReplyBytes} bytes";
        if (lineCount > _limits.MaxReplyLines) return $"reply longer than {_limits.MaxReplyLines} lines";
        return null;
    }

    internal static bool TryParseHeader(string line, out int status, out char separator, out string text, out string error)
    {
        status = 0; separator = ' '; text = ""; error = "";
        if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2]))
        {
            error = $"malformed reply line (no 3-digit status code): {Excerpt(line)}";
            return false;
        }
        status = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        if (line.Length == 3) return true; // "250" alone: an end line with empty text, accepted leniently
        separator = line[3];
        if (separator is not ('-' or '+' or ' '))
        {
            error = $"malformed reply line (separator must be '-', '+' or ' '): {Excerpt(line)}";
            return false;
        }
        text = line[4..];
        return true;
    }

    private static string Excerpt(string line) => line.Length <= 60 ? line : line[..60] + "…";

    /// <summary>The next line without its CRLF (a bare LF is accepted too); null at end of stream.</summary>
    private async ValueTask<(string? Line, string? Error)> ReadLineAsync(CancellationToken ct)
    {
        var scanFrom = _start;
        while (true)
        {
            var nl = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (nl >= 0)
            {
                var lineEnd = nl > _start && _buffer[nl - 1] == '\r' ? nl - 1 : nl;
                if (lineEnd - _start > _limits.MaxLineBytes) return (null, $"line longer than {_limits.MaxLineBytes} bytes");
                var line = Encoding.UTF8.GetString(_buffer, _start, lineEnd - _start);
                _start = nl + 1;
                return (line, null);
            }
            if (_end - _start > _limits.MaxLineBytes + 1) return (null, $"line longer than {_limits.MaxLineBytes} bytes");
            if (_eof)
                return _end == _start ? (null, null) : (null, "connection closed in the middle of a line");

            scanFrom = _end;
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                scanFrom -= _start;
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _limits.MaxLineBytes + 2 + 8192));
            var n = await _stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            if (n == 0) _eof = true;
            _end += n;
        }
    }
}
