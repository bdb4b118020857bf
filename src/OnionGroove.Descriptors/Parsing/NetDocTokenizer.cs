using System.Buffers;
using System.Text;
using OnionGroove.Core;

namespace OnionGroove.Descriptors.Parsing;

/// <summary>Splits a directory-style document (dir-spec §1.2) into items. Linear in the input,
/// no recursion, no exceptions: every mutation of a descriptor ends in a value or an error.</summary>
public static class NetDocTokenizer
{
    public static Result<IReadOnlyList<NetDocItem>, DescriptorError> Tokenize(ReadOnlySpan<byte> document, string layer)
    {
        var items = new List<NetDocItem>();
        int pos = 0, lineNo = 0;
        while (pos < document.Length)
        {
            int lineStart = pos;
            var line = NextLine(document, ref pos, out _);
            lineNo++;
            if (line.Length == 0)
                return DescriptorError.Malformed(layer, lineNo, "empty line");
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                var trimmed = Encoding.Latin1.GetString(line).TrimStart();
                var word = trimmed.Split(' ', 2)[0];
                return new DescriptorError(word == "signature" ? DescriptorErrorKind.BadSignature : DescriptorErrorKind.Malformed,
                    layer, lineNo, word == "signature" ? "malformed signature line (leading whitespace)" : "line starts with whitespace");
            }
            if (line.StartsWith("-----"u8))
                return DescriptorError.Malformed(layer, lineNo, "object without a keyword line");
            var text = Encoding.Latin1.GetString(line);
            var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var keyword = parts[0];
            if (!IsKeyword(keyword))
                return DescriptorError.Malformed(layer, lineNo, $"bad keyword \"{Printable(keyword)}\"");
            var args = parts.Length == 1 ? Array.Empty<string>() : parts[1..];
            int itemLine = lineNo;

            NetDocObject? obj = null;
            if (pos < document.Length && document[pos..].StartsWith("-----BEGIN "u8))
            {
                var begin = Encoding.Latin1.GetString(NextLine(document, ref pos, out _));
                lineNo++;
                if (!begin.EndsWith("-----", StringComparison.Ordinal) || begin.Length <= 16)
                    return DescriptorError.Malformed(layer, lineNo, "malformed object BEGIN line");
                var label = begin[11..^5];
                var body = new System.Buffers.ArrayBufferWriter<byte>(Math.Max(64, document.Length - pos));
                bool ended = false;
                while (pos < document.Length)
                {
                    var l = NextLine(document, ref pos, out _);
                    lineNo++;
                    if (l.StartsWith("-----END "u8))
                    {
                        var end = Encoding.Latin1.GetString(l);
                        if (end != $"-----END {label}-----")
                            return DescriptorError.Malformed(layer, lineNo, $"object END line does not match \"{Printable(label)}\"");
                        ended = true;
                        break;
                    }
                    body.Write(l);
                }
                if (!ended) return DescriptorError.Malformed(layer, lineNo, $"object \"{Printable(label)}\" is not terminated");
                var data = Base64.DecodeUtf8(body.WrittenSpan);
                if (data is null) return DescriptorError.Malformed(layer, lineNo, $"object \"{Printable(label)}\" is not valid base64");
                obj = new NetDocObject(label, data);
            }
            items.Add(new NetDocItem(keyword, args, obj, itemLine, lineStart));
        }
        return Result<IReadOnlyList<NetDocItem>, DescriptorError>.Success(items);
    }

    private static ReadOnlySpan<byte> NextLine(ReadOnlySpan<byte> doc, ref int pos, out bool hadNewline)
    {
        var rest = doc[pos..];
        int nl = rest.IndexOf((byte)'\n');
        hadNewline = nl >= 0;
        var line = nl >= 0 ? rest[..nl] : rest;
        pos += nl >= 0 ? nl + 1 : rest.Length;
        return line;
    }

    private static bool IsKeyword(string s)
    {
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        return s.Length > 0;
    }

    /// <summary>Keeps error messages printable whatever bytes the input held.</summary>
    internal static string Printable(string s)
    {
        var sb = new StringBuilder(Math.Min(s.Length, 40));
        foreach (var c in s.Length > 40 ? s[..40] : s) sb.Append(c is >= ' ' and < (char)127 ? c : '?');
        if (s.Length > 40) sb.Append('…');
        return sb.ToString();
    }
}
