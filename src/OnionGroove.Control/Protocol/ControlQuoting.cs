using OnionGroove.Core;
using System.Text;

namespace OnionGroove.Control.Protocol;

/// <summary>QuotedString encoding and decoding (control-spec §2.1 and §2.1.1).</summary>
public static class ControlQuoting
{
    /// <summary>Quotes a value for a command: backslash and double quote are escaped, nothing else
    /// (tor parses controller input as a true QuotedString).</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '\\' or '"') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Decodes a quoted string that starts at <paramref name="start"/> (which must be a
    /// double quote). Because tor emits many of these as C strings (§2.1.1), \n \t \r and octal
    /// escapes \0…\377 are read as C escapes and any other escaped character as itself.
    /// Next is the index just past the closing quote.</summary>
    public static Result<(string Value, int Next), Problem> Unquote(string text, int start) =>
        TryUnquote(text, start, out var value, out var next, out var error) ? (value, next) : new Problem(error!, Column: next + 1);

    /// <summary>The whole of <paramref name="quoted"/> as one quoted string, nothing after it.</summary>
    public static Result<string, Problem> Unquote(string quoted) =>
        Unquote(quoted, 0).Then<string>(u => u.Next == quoted.Length ? u.Value : new Problem("trailing characters after a quoted string", Column: u.Next + 1));

    private static bool TryUnquote(string text, int start, out string value, out int next, out string? error)
    {
        value = ""; next = start; error = null;
        if (start >= text.Length || text[start] != '"') { error = "expected a quoted string"; return false; }
        var sb = new StringBuilder();
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"') { value = sb.ToString(); next = i + 1; return true; }
            if (c != '\\') { sb.Append(c); i++; continue; }
            if (i + 1 >= text.Length) break;
            var e = text[i + 1];
            switch (e)
            {
                case 'n': sb.Append('\n'); i += 2; break;
                case 't': sb.Append('\t'); i += 2; break;
                case 'r': sb.Append('\r'); i += 2; break;
                case >= '0' and <= '7':
                    var octal = 0;
                    var j = i + 1;
                    while (j < text.Length && j < i + 4 && text[j] is >= '0' and <= '7') octal = octal * 8 + (text[j++] - '0');
                    if (octal > 255) { error = "octal escape out of range"; return false; }
                    sb.Append((char)octal);
                    i = j;
                    break;
                default: sb.Append(e); i += 2; break;
            }
        }
        error = "unterminated quoted string";
        return false;
    }

}
