using System.Security.Cryptography;
using System.Text;

namespace OnionGroove.Age.Format;

/// <summary>A parsed age v1 header: its stanzas, the MAC, and the exact bytes the MAC covers.</summary>
internal sealed record Header(IReadOnlyList<Stanza> Stanzas, byte[] Mac, byte[] MacInput)
{
    public const string VersionLine = "age-encryption.org/v1";
    private const string VersionPrefix = "age-encryption.org/";
    private const int ColumnsPerLine = 64;
    // Generous bound for argument lines (post-quantum shares are ~1.5 KB of base64).
    private const int MaxLine = 16 * 1024;

    public static byte[] MacKey(ReadOnlySpan<byte> fileKey) => AgeCrypto.Hkdf(fileKey, [], "header");

    public bool MacMatches(ReadOnlySpan<byte> fileKey)
    {
        var key = MacKey(fileKey);
        var expected = HMACSHA256.HashData(key, MacInput);
        CryptographicOperations.ZeroMemory(key);
        return CryptographicOperations.FixedTimeEquals(expected, Mac);
    }

    /// <summary>Encodes stanzas and MAC (spec "ABNF definition of file header").</summary>
    public static byte[] Encode(IReadOnlyList<Stanza> stanzas, ReadOnlySpan<byte> fileKey)
    {
        var sb = new StringBuilder();
        sb.Append(VersionLine).Append('\n');
        foreach (var s in stanzas)
        {
            sb.Append("-> ").Append(s.Type);
            foreach (var a in s.Arguments) sb.Append(' ').Append(a);
            sb.Append('\n');
            var body = StrictBase64.EncodeRaw(s.Body);
            for (var i = 0; i < body.Length; i += ColumnsPerLine)
                sb.Append(body, i, Math.Min(ColumnsPerLine, body.Length - i)).Append('\n');
            // The body ends with a line shorter than 64 columns, empty if need be.
            if (body.Length % ColumnsPerLine == 0) sb.Append('\n');
        }
        sb.Append("---");
        var macInput = Encoding.ASCII.GetBytes(sb.ToString());
        var key = MacKey(fileKey);
        var mac = HMACSHA256.HashData(key, macInput);
        CryptographicOperations.ZeroMemory(key);
        return [.. macInput, .. Encoding.ASCII.GetBytes(" " + StrictBase64.EncodeRaw(mac) + "\n")];
    }

    /// <summary>Parses a header strictly; the error says which rule was broken.</summary>
    public static Header? Parse(BufferedInput input, out string? error)
    {
        var consumed = new MemoryStream();
        var stanzas = new List<Stanza>();

        var version = input.ReadLine(MaxLine, out _);
        if (version is null || version.Length == 0)
            return Fail(out error, version is null ? "empty file: no age header" : "first line too long for an age header");
        consumed.Write(version);
        if (!version.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(VersionLine + "\n")))
        {
            var text = Encoding.ASCII.GetString(version).TrimEnd('\n');
            return Fail(out error, text.StartsWith(VersionPrefix, StringComparison.Ordinal)
                ? $"unsupported age format version \"{Printable(text)}\""
                : "not an age file (the first line is not the age version line)");
        }

        while (true)
        {
            var line = input.ReadLine(MaxLine, out var tooLong);
            if (tooLong) return Fail(out error, "header line too long");
            if (line is null || line[^1] != '\n') return Fail(out error, "truncated header (no MAC line)");
            var span = line.AsSpan(0, line.Length - 1);

            if (span.StartsWith("---"u8))
            {
                // end = "--- " 43base64char LF
                if (stanzas.Count == 0) return Fail(out error, "header has no recipient stanza");
                if (span.Length != 4 + 43 || span[3] != ' ')
                    return Fail(out error, "malformed MAC line");
                if (!StrictBase64.TryDecodeRaw(span[4..], out var mac) || mac.Length != 32)
                    return Fail(out error, "MAC is not canonical base64 of 32 bytes");
                consumed.Write(line, 0, 3);
                error = null;
                return new Header(stanzas, mac, consumed.ToArray());
            }
            consumed.Write(line);
            if (!span.StartsWith("-> "u8)) return Fail(out error, "malformed header line (expected a stanza or the MAC)");

            foreach (var c in span[3..])
                if (c != ' ' && (c < 0x21 || c > 0x7e)) return Fail(out error, "stanza argument has a character outside VCHAR");
            var args = Encoding.ASCII.GetString(span[3..]).Split(' ');
            if (args.Any(a => a.Length == 0)) return Fail(out error, "empty stanza argument");

            var body = new MemoryStream();
            while (true)
            {
                var bl = input.ReadLine(ColumnsPerLine + 1, out tooLong);
                if (tooLong) return Fail(out error, "stanza body line longer than 64 columns");
                if (bl is null || bl[^1] != '\n') return Fail(out error, "truncated stanza body");
                consumed.Write(bl);
                var b = bl.AsSpan(0, bl.Length - 1);
                if (!StrictBase64.TryDecodeRaw(b, out var chunk))
                    return Fail(out error, "stanza body is not canonical unpadded base64");
                body.Write(chunk);
                if (b.Length < ColumnsPerLine) break;
            }
            stanzas.Add(new Stanza(args[0], args[1..], body.ToArray()));
        }
    }

    private static Header? Fail(out string? error, string message)
    {
        error = message;
        return null;
    }

    private static string Printable(string s) =>
        new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').Take(60).ToArray());
}
