namespace OnionGroove.Control.Protocol;

/// <summary>One space-separated item of a reply line: a positional word or quoted string
/// (<see cref="Key"/> null), or KEYWORD=value with the value unquoted when it was quoted.</summary>
public readonly record struct ReplyArgument(string? Key, string Value, string Raw);

/// <summary>Splits reply text such as <c>AUTH METHODS=COOKIE COOKIEFILE="/x y"</c> into items
/// (control-spec §3.x reply grammars: <c>SP KEYWORD ["=" (QuotedString / *NonSpDquote)]</c>).</summary>
public sealed class ReplyArguments
{
    public IReadOnlyList<ReplyArgument> Items { get; }

    private ReplyArguments(IReadOnlyList<ReplyArgument> items) => Items = items;

    /// <summary>Positional items in order (those without a key).</summary>
    public IEnumerable<string> Positional => Items.Where(i => i.Key is null).Select(i => i.Value);

    /// <summary>The first value for a key (keys compare case-sensitively, as tor sends them).</summary>
    public string? this[string key] => Items.FirstOrDefault(i => i.Key == key).Value;

    public bool Has(string key) => Items.Any(i => i.Key == key);

    public static bool TryParse(string text, out ReplyArguments args, out string? error)
    {
        var items = new List<ReplyArgument>();
        args = new ReplyArguments(items);
        error = null;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ') { i++; continue; }
            var start = i;
            if (text[i] == '"')
            {
                if (!ControlQuoting.TryUnquote(text, i, out var q, out i, out error)) return false;
                items.Add(new ReplyArgument(null, q, text[start..i]));
                continue;
            }
            var keyEnd = i;
            while (keyEnd < text.Length && (char.IsAsciiLetterOrDigit(text[keyEnd]) || text[keyEnd] is '_' or '-' or '/' or '.'))
                keyEnd++;
            if (keyEnd > i && keyEnd < text.Length && text[keyEnd] == '=')
            {
                var key = text[i..keyEnd];
                var v = keyEnd + 1;
                if (v < text.Length && text[v] == '"')
                {
                    if (!ControlQuoting.TryUnquote(text, v, out var qv, out i, out error)) return false;
                    items.Add(new ReplyArgument(key, qv, text[start..i]));
                    continue;
                }
                var end = text.IndexOf(' ', v);
                if (end < 0) end = text.Length;
                items.Add(new ReplyArgument(key, text[v..end], text[start..end]));
                i = end;
                continue;
            }
            var wordEnd = text.IndexOf(' ', i);
            if (wordEnd < 0) wordEnd = text.Length;
            items.Add(new ReplyArgument(null, text[i..wordEnd], text[i..wordEnd]));
            i = wordEnd;
        }
        return true;
    }

    public static ReplyArguments Parse(string text) =>
        TryParse(text, out var a, out var e) ? a : throw new FormatException(e);
}
