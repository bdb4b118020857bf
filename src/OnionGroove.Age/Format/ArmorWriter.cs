namespace OnionGroove.Age.Format;

/// <summary>Writes the strict PEM armor (spec "ASCII armor", RFC 7468 figure 3): 64-column padded
/// base64 between the BEGIN and END lines. <see cref="Finish"/> writes the last line and the footer.</summary>
internal sealed class ArmorWriter(Stream output) : Stream
{
    public const string Begin = "-----BEGIN AGE ENCRYPTED FILE-----";
    public const string End = "-----END AGE ENCRYPTED FILE-----";
    private const int BytesPerLine = 48;

    private readonly byte[] _pending = new byte[BytesPerLine * 256];
    private int _count;
    private bool _started;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_started) { output.Write(System.Text.Encoding.ASCII.GetBytes(Begin + "\n")); _started = true; }
        while (buffer.Length > 0)
        {
            var n = Math.Min(buffer.Length, _pending.Length - _count);
            buffer[..n].CopyTo(_pending.AsSpan(_count));
            _count += n;
            buffer = buffer[n..];
            // Keep the last (possibly partial) line back: only Finish knows it is the last.
            if (_count == _pending.Length) Flush(_count - BytesPerLine);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    private void Flush(int bytes)
    {
        var lines = bytes / BytesPerLine;
        var text = new char[lines * 65];
        for (var i = 0; i < lines; i++)
        {
            Convert.TryToBase64Chars(_pending.AsSpan(i * BytesPerLine, BytesPerLine), text.AsSpan(i * 65, 64), out _);
            text[i * 65 + 64] = '\n';
        }
        output.Write(System.Text.Encoding.ASCII.GetBytes(text));
        var used = lines * BytesPerLine;
        _pending.AsSpan(used, _count - used).CopyTo(_pending);
        _count -= used;
    }

    public void Finish()
    {
        if (!_started) { output.Write(System.Text.Encoding.ASCII.GetBytes(Begin + "\n")); _started = true; }
        Flush(_count);
        var tail = _count > 0 ? Convert.ToBase64String(_pending.AsSpan(0, _count)) + "\n" : "";
        output.Write(System.Text.Encoding.ASCII.GetBytes(tail + End + "\n"));
        _count = 0;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => output.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
