using OnionGroove.Core;

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

    /// <summary>The items of a reply line's argument text, or why it cannot be read (an unterminated
    /// quote, a bad escape) with the column; tor's input never throws.</summary>
    public static Result<ReplyArguments, Problem> Parse(string text)
    {
        var items = new List<ReplyArgument>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ') { i++; continue; }
            var start = i;
            if (text[i] == '"')
            {
                if (!ControlQuoting.Unquote(text, i).TryGet(out var q, out var error)) return error;
                i = q.Next;
                items.Add(new ReplyArgument(null, q.Value, text[start..i]));
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
                    if (!ControlQuoting.Unquote(text, v).TryGet(out var qv, out var error)) return error;
                    i = qv.Next;
                    items.Add(new ReplyArgument(key, qv.Value, text[start..i]));
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
        return new ReplyArguments(items);
    }
}
