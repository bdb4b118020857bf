using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text;

namespace OnionGroove.Cli.Commands.ManPages;

/// <summary>One man page: its file name (<c>oniongroove-balancer.1</c>) and roff source.</summary>
public sealed record ManPage(string FileName, string Title, string Text);

/// <summary>
/// Man pages (section 1, the man(7) macros) generated from the command tree that `--help` prints,
/// so the two never drift: one page for `oniongroove` listing every command, and one per top-level
/// command (`oniongroove-balancer(1)` …) describing its subcommands, arguments and options.
/// Hidden commands and options are left out, as help leaves them out.
/// </summary>
public static class ManPageWriter
{
    private const string Program = "oniongroove";
    private const string Manual = "OnionGroove Manual";

    /// <summary>Exit codes of every command (ExitCodes.cs), for the EXIT STATUS sections.</summary>
    private static readonly (int Code, string Meaning)[] ExitStatus =
    [
        (ExitCodes.Ok, "success"),
        (ExitCodes.Failure, "failure"),
        (ExitCodes.Usage, "usage error (bad option or value)"),
        (ExitCodes.BadInput, "bad input (malformed, truncated or tampered file)"),
        (ExitCodes.NoIdentity, "no identity can decrypt"),
        (ExitCodes.External, "an external program (tor, git) failed"),
        (ExitCodes.Conflict, "a git conflict needs a decision"),
        (ExitCodes.Interrupted, "interrupted"),
    ];

    public static IReadOnlyList<ManPage> Pages(RootCommand root, string version, DateOnly date)
    {
        var nouns = Visible(root.Subcommands).ToList();
        var pages = new List<ManPage> { RootPage(root, nouns, version, date) };
        pages.AddRange(nouns.Select(n => NounPage(n, version, date)));
        return pages;
    }

    /// <summary>The page name of a top-level command: <c>oniongroove-NOUN</c>.</summary>
    public static string PageName(Command noun) => $"{Program}-{noun.Name}";

    private static ManPage RootPage(RootCommand root, IReadOnlyList<Command> nouns, string version, DateOnly date)
    {
        var w = new RoffWriter();
        Header(w, Program, version, date);
        w.Section("NAME");
        w.Line($"{Program} \\- {Escape(FirstSentence(root.Description))}");
        w.Section("SYNOPSIS");
        w.Line($".B {Program}");
        w.Line("\\fICOMMAND\\fR [\\fIoptions\\fR]");
        w.Line(".br");
        w.Line($".B {Program}");
        w.Line("[\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR]");
        w.Section("DESCRIPTION");
        w.Text(root.Description);
        w.Text($"Every command has \\-\\-help. The commands are described in their own pages, listed below.", escaped: true);
        w.Section("COMMANDS");
        foreach (var noun in nouns)
        {
            w.Line(".TP");
            w.Line($"\\fB{Escape(noun.Name)}\\fR");
            var d = (noun.Description ?? "").TrimEnd();
            w.Text(d.EndsWith('.') || d.EndsWith(')') ? d : d + ".");
            w.Line($"See \\fB{PageName(noun)}\\fR(1).");
        }
        w.Section("OPTIONS");
        WriteOptions(w, Visible(root.Options).ToList());
        WriteExitStatus(w);
        w.Section("FILES");
        w.Line(".TP");
        w.Line("\\fI/etc/oniongroove/config.yaml\\fR");
        w.Text("The balancer's configuration (Onionbalance's config.yaml plus extensions), read by the packaged oniongroove\\-balancer.service.", escaped: true);
        w.Section("SEE ALSO");
        w.Line(string.Join(",\n", nouns.Select(n => $".BR {PageName(n)} (1)")));
        w.Line(",");
        w.Line(".BR tor (1)");
        return new ManPage(Program + ".1", Program, w.ToString());
    }

    private static ManPage NounPage(Command noun, string version, DateOnly date)
    {
        var name = PageName(noun);
        var w = new RoffWriter();
        Header(w, name, version, date);
        w.Section("NAME");
        w.Line($"{Escape(name)} \\- {Escape(FirstSentence(noun.Description))}");
        var commands = Flatten(noun, [Program]).ToList();
        w.Section("SYNOPSIS");
        var first = true;
        foreach (var (path, cmd) in commands.Where(c => c.Command.Action is not null || !Visible(c.Command.Subcommands).Any()))
        {
            if (!first) w.Line(".br");
            first = false;
            w.Line($".B {Escape(string.Join(' ', path))}");
            w.Line(Usage(cmd));
        }
        w.Section("DESCRIPTION");
        w.Text(noun.Description);
        foreach (var (path, cmd) in commands)
        {
            // The noun's own options go under OPTIONS; each subcommand gets a subsection.
            if (cmd == noun)
            {
                var own = Visible(cmd.Options).ToList();
                WriteArguments(w, cmd);
                if (own.Count > 0)
                {
                    w.Section("OPTIONS");
                    if (own.Any(o => o.Recursive)) w.Text("Options marked \"every subcommand\" apply to the subcommands too.");
                    WriteOptions(w, own);
                }
                continue;
            }
            w.Line($".SS \"{Escape(string.Join(' ', path))}\"");
            w.Text(cmd.Description);
            WriteArguments(w, cmd);
            WriteOptions(w, Visible(cmd.Options).ToList());
        }
        WriteExitStatus(w);
        w.Section("SEE ALSO");
        w.Line($".BR {Program} (1)");
        return new ManPage(name + ".1", name, w.ToString());
    }

    /// <summary>The command and its visible subcommands, depth first, each with its words from the program on.</summary>
    private static IEnumerable<(IReadOnlyList<string> Path, Command Command)> Flatten(Command cmd, IReadOnlyList<string> parent)
    {
        var path = parent.Append(cmd.Name).ToList();
        yield return (path, cmd);
        foreach (var sub in Visible(cmd.Subcommands))
            foreach (var x in Flatten(sub, path)) yield return x;
    }

    private static void Header(RoffWriter w, string name, string version, DateOnly date)
    {
        w.Line($".\\\" Generated by `{Program} manpages` from the command tree that --help prints; do not edit.");
        w.Line($".TH {name.ToUpperInvariant()} 1 {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} \"{Program} {Escape(version)}\" \"{Manual}\"");
    }

    private static string Usage(Command cmd)
    {
        var parts = new List<string>();
        if (Visible(cmd.Subcommands).Any()) parts.Add("\\fICOMMAND\\fR");
        foreach (var a in Visible(cmd.Arguments)) parts.Add(ArgumentUsage(a));
        parts.Add("[\\fIoptions\\fR]");
        return string.Join(' ', parts);
    }

    private static string ArgumentUsage(Argument a)
    {
        var text = $"\\fI{Escape(a.HelpName ?? a.Name).ToUpperInvariant()}\\fR";
        if (a.Arity.MaximumNumberOfValues > 1) text += "...";
        return a.Arity.MinimumNumberOfValues == 0 ? $"[{text}]" : text;
    }

    private static void WriteArguments(RoffWriter w, Command cmd)
    {
        foreach (var a in Visible(cmd.Arguments))
        {
            w.Line(".TP");
            w.Line(ArgumentUsage(a));
            w.Text(a.Description ?? "");
        }
    }

    private static void WriteOptions(RoffWriter w, IReadOnlyList<Option> options)
    {
        foreach (var o in options)
        {
            w.Line(".TP");
            w.Line(OptionTerm(o));
            var notes = new List<string>();
            if (o.Required) notes.Add("required");
            if (o.Recursive && o is not HelpOption) notes.Add("every subcommand");
            if (DefaultText(o) is { } d) notes.Add("default: " + d);
            w.Text((o.Description ?? "") + (notes.Count > 0 ? $" ({string.Join("; ", notes)})" : ""));
        }
    }

    /// <summary><c>\fB\-c\fR, \fB\-\-config\fR \fICONFIG\fR</c>: short names first, as help lists them.</summary>
    public static string OptionTerm(Option o)
    {
        var names = new[] { o.Name }.Concat(o.Aliases).Distinct().OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal);
        var term = string.Join(", ", names.Select(n => $"\\fB{Escape(n)}\\fR"));
        if (TakesValue(o)) term += $" \\fI{Escape(o.HelpName ?? o.Name.TrimStart('-', '/')).ToUpperInvariant()}\\fR";
        return term;
    }

    private static bool TakesValue(Option o) => o.Arity.MaximumNumberOfValues > 0 && o.ValueType != typeof(bool);

    private static string? DefaultText(Option o)
    {
        if (!o.HasDefaultValue || !TakesValue(o)) return null;
        var value = o.GetDefaultValue();
        return value switch
        {
            null => null,
            string s when s.Length == 0 => null,
            System.Collections.IEnumerable e and not string => e.Cast<object>().Any() ? string.Join(", ", e.Cast<object>()) : null,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    private static void WriteExitStatus(RoffWriter w)
    {
        w.Section("EXIT STATUS");
        foreach (var (code, meaning) in ExitStatus)
        {
            w.Line(".TP");
            w.Line($"\\fB{code}\\fR");
            w.Text(meaning);
        }
    }

    private static IEnumerable<T> Visible<T>(IEnumerable<T> symbols) where T : Symbol =>
        symbols.Where(s => !s.Hidden && s is not VersionOption);

    private static string FirstSentence(string? description)
    {
        var d = (description ?? "").Trim();
        var colon = d.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && d.StartsWith("OnionGroove", StringComparison.Ordinal) ? d[(colon + 2)..] : d;
    }

    /// <summary>Text for roff: backslashes as \e, "-" as \- (ASCII hyphen-minus, so options copy
    /// and paste as typed), and anything outside ASCII as groff's \[uXXXX] (groff reads ASCII only
    /// unless preconv runs first).</summary>
    public static string Escape(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '\\') b.Append("\\e");
            else if (rune.Value == '-') b.Append("\\-");
            else if (rune.IsAscii) b.Append((char)rune.Value);
            else b.Append(CultureInfo.InvariantCulture, $"\\[u{rune.Value:X4}]");
        }
        return b.ToString();
    }

    /// <summary>Lines of roff; text lines never start with a control character.</summary>
    private sealed class RoffWriter
    {
        private readonly StringBuilder _b = new();

        public void Line(string roff) => _b.Append(roff).Append('\n');

        public void Section(string name) => Line($".SH \"{name}\"");

        public void Text(string? text, bool escaped = false)
        {
            foreach (var raw in (text ?? "").Split('\n'))
            {
                var line = escaped ? raw.TrimEnd() : Escape(raw.TrimEnd());
                if (line.Length == 0) continue;
                // A leading . or ' would be read as a request.
                Line(line[0] is '.' or '\'' ? "\\&" + line : line);
            }
        }

        public override string ToString() => _b.ToString();
    }
}
