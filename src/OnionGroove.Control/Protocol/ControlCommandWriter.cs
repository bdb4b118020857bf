using System.Text;

namespace OnionGroove.Control.Protocol;

/// <summary>Encodes commands (control-spec §2.2). A command line must not hold CR, LF or NUL: a
/// value smuggled into an argument could otherwise start a second command. Multi-line commands
/// ("+KEYWORD …") carry a dot-encoded data block ended by a lone ".".</summary>
public static class ControlCommandWriter
{
    public static byte[] Encode(string commandLine, string? data = null)
    {
        ValidateLine(commandLine);
        var sb = new StringBuilder(commandLine.Length + (data?.Length ?? 0) + 16);
        if (data is null)
        {
            sb.Append(commandLine).Append("\r\n");
        }
        else
        {
            sb.Append('+').Append(commandLine).Append("\r\n");
            var text = data.Replace("\r\n", "\n");
            if (text.EndsWith('\n')) text = text[..^1];
            if (text.Length > 0)
                foreach (var line in text.Split('\n'))
                {
                    if (line.Contains('\r')) throw new ArgumentException("data holds a bare CR", nameof(data));
                    if (line.StartsWith('.')) sb.Append('.');
                    sb.Append(line).Append("\r\n");
                }
            sb.Append(".\r\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static void ValidateLine(string commandLine)
    {
        if (string.IsNullOrEmpty(commandLine)) throw new ArgumentException("empty command", nameof(commandLine));
        if (commandLine.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new ArgumentException("a command line must not contain CR, LF or NUL", nameof(commandLine));
    }

    /// <summary>The keyword of a command line, for error messages that must not echo arguments.</summary>
    public static string Keyword(string commandLine)
    {
        var sp = commandLine.IndexOf(' ');
        return sp < 0 ? commandLine : commandLine[..sp];
    }
}
