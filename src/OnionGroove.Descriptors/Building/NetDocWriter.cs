using System.Buffers;
using System.Text;

namespace OnionGroove.Descriptors.Building;

/// <summary>Writes a descriptor document straight into ASCII bytes (no string or StringBuilder in between: a
/// descriptor is ~30 KB of text, and building it through strings allocated and copied it six times over).</summary>
internal sealed class NetDocWriter
{
    private byte[] _buffer;

    public NetDocWriter(int capacity) => _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    /// <summary>Reserves n bytes at the end and returns them for writing.</summary>
    public Span<byte> Take(int n)
    {
        if (Length + n > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + n));
        var span = _buffer.AsSpan(Length, n);
        Length += n;
        return span;
    }

    public NetDocWriter Raw(ReadOnlySpan<byte> ascii)
    {
        ascii.CopyTo(Take(ascii.Length));
        return this;
    }

    /// <summary>Text we produce ourselves (keywords, labels, formatted dates); non-ASCII would be a bug.</summary>
    public NetDocWriter Text(string ascii)
    {
        Encoding.ASCII.GetBytes(ascii, Take(ascii.Length));
        return this;
    }

    public NetDocWriter Char(char c)
    {
        Take(1)[0] = (byte)c;
        return this;
    }

    public NetDocWriter Number(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        return Raw(digits[..n]);
    }

    public NetDocWriter Number(ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        return Raw(digits[..n]);
    }

    /// <summary>Standard base64 on one line, with or without the '=' padding.</summary>
    public NetDocWriter Base64(ReadOnlySpan<byte> data, bool pad = true)
    {
        var into = Take((data.Length + 2) / 3 * 4);
        System.Buffers.Text.Base64.EncodeToUtf8(data, into, out _, out var written);
        if (!pad)
            while (written > 0 && into[written - 1] == (byte)'=') { written--; Length--; }
        return this;
    }

    /// <summary>An object as tor writes it: BEGIN line, base64 wrapped at 64 columns, END line.</summary>
    public NetDocWriter Object(string label, ReadOnlySpan<byte> data)
    {
        Raw("-----BEGIN "u8).Text(label).Raw("-----\n"u8);
        for (var off = 0; off < data.Length; off += 48)          // 48 bytes are exactly 64 characters
        {
            var chunk = data.Slice(off, Math.Min(48, data.Length - off));
            var into = Take((chunk.Length + 2) / 3 * 4);
            System.Buffers.Text.Base64.EncodeToUtf8(chunk, into, out _, out _);
            Char('\n');
        }
        return Raw("-----END "u8).Text(label).Raw("-----\n"u8);
    }

    /// <summary>Appends NUL bytes up to the next multiple of <paramref name="multiple"/>.</summary>
    public NetDocWriter PadTo(int multiple)
    {
        var padded = (Length + multiple - 1) / multiple * multiple;
        Take(padded - Length).Clear();
        return this;
    }

    public byte[] ToArray(int start = 0) => _buffer.AsSpan(start, Length - start).ToArray();
}
