namespace OnionGroove.Core;

/// <summary>
/// One thing wrong with input a person or a peer gave us, said so a sysadmin can act on it: a
/// message that never contains secret bytes, and where it is known, the file and the 1-based line
/// and column (0 when not tied to a position).
/// </summary>
public sealed record Problem(string Message, int Line = 0, int Column = 0, string? Source = null)
{
    /// <summary>The same problem, attributed to <paramref name="source"/> (a path or a name).</summary>
    public Problem In(string source) => this with { Source = source };

    /// <summary><c>file:line: message</c>, the form compilers and editors jump to.</summary>
    public override string ToString() => (Source, Line) switch
    {
        (null, > 0) => $"line {Line}: {Message}",
        (null, _) => Message,
        (_, > 0) => $"{Source}:{Line}: {Message}",
        _ => $"{Source}: {Message}",
    };
}
