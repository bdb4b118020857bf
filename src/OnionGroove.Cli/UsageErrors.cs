using System.CommandLine;
using System.CommandLine.Parsing;

namespace OnionGroove.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors (unknown option, missing argument, a value of the wrong
/// type) into our usage-error form: one `oniongroove: …` line per problem, a hint naming the
/// command's --help, exit 2. The library's default prints the whole help text and exits 1.
/// </summary>
internal static class UsageErrors
{
    public static async Task<int> ReportAsync(ParseResult parse, TextWriter stderr)
    {
        // "Required command was not provided" only helps when nothing more precise was found
        // (`oniongroove age encrpyt` reports the typo, not the missing subcommand).
        bool NamesUnmatched(ParseError e) => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal));
        var errors = parse.Errors.Any(NamesUnmatched)
            ? parse.Errors.Where(e => NamesUnmatched(e) || e.SymbolResult is not CommandResult)
            : parse.Errors;
        foreach (var message in errors.Select(Describe).Distinct())
            await stderr.WriteLineAsync($"oniongroove: {message}");
        await stderr.WriteLineAsync($"oniongroove: hint: see '{CommandPath(parse.CommandResult)} --help'");
        return ExitCodes.Usage;
    }

    /// <summary>The library's message, except for values that do not convert, whose message names a
    /// CLR type ("System.Nullable`1[System.Int64]") instead of what the user should type.</summary>
    internal static string Describe(ParseError error)
    {
        var message = error.Message.Trim();
        var (name, declared, tokens) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
            ArgumentResult { Parent: OptionResult o } a => (o.Option.Name, a.Argument.ValueType, a.Tokens),
            ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType, a.Tokens),
            _ => ("", typeof(string), (IReadOnlyList<Token>)[]),
        };
        if (declared == typeof(string) || !message.Contains(declared.ToString(), StringComparison.Ordinal)) return message;
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (type.IsArray) type = Nullable.GetUnderlyingType(type.GetElementType()!) ?? type.GetElementType()!;
        // The token the message quotes; else the last one given.
        var token = tokens.Select(t => t.Value).LastOrDefault(v => message.Contains($"'{v}'", StringComparison.Ordinal)) ?? tokens.LastOrDefault()?.Value ?? "";
        return $"{name}: '{token}' is not {Expected(type)}";
    }

    private static string Expected(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(uint) || t == typeof(ulong) || t == typeof(short) || t == typeof(ushort) || t == typeof(byte)
            ? "a whole number"
            : t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? "a number"
            : t == typeof(bool) ? "true or false"
            : t.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))
            : $"a valid {t.Name}";

    // "oniongroove descriptor decode": the root's name is the executable's, so it is spelled out.
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
            if (c.Parent is not null) names.Add(c.Command.Name);
        names.Add("oniongroove");
        names.Reverse();
        return string.Join(' ', names);
    }
}
