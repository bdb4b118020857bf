using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace OnionGroove.Core.Yaml;

/// <summary>
/// Reads YAML written by people (config.yaml, oniongroove.yaml, environment.yml; callers go
/// through <see cref="YamlFile"/>) so that no input makes YamlDotNet's exceptions escape: every failure becomes a <see cref="Problem"/> with a line.
/// Before anything is built, the event stream is walked once (iteratively, so deep nesting cannot
/// overflow the stack) to find syntax errors, nesting deeper than <see cref="MaxDepth"/>, and
/// repeated mapping keys, which YAML 1.2 §3.2.1.1 forbids and YamlDotNet's deserializer would
/// otherwise resolve silently as "last one wins".
/// </summary>
public static class SafeYaml
{
    /// <summary>Far beyond any of our files (they nest 5 levels at most) and far below the depth at
    /// which YamlDotNet's recursive node and object builders could exhaust the stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>Syntax, depth and duplicate-key problems of <paramref name="text"/> (empty when clean).
    /// Every duplicate key is reported; at most one syntax error (the parser cannot go on after one).</summary>
    public static List<Problem> Check(string text)
    {
        var problems = new List<Problem>();
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var parser = new Parser(scanner);
        var stack = new Stack<Frame>();
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case DocumentStart:
                        stack.Clear();
                        break;
                    case MappingStart or SequenceStart:
                        // Keys that are collections (`? [a, b]`) are not compared; they never occur in our files.
                        NodeStarted(stack, null, e, problems);
                        var flow = e is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
                        stack.Push(new Frame(e is MappingStart, flow ? e.Start : null));
                        if (stack.Count > MaxDepth)
                        {
                            problems.Add(new Problem($"nested deeper than {MaxDepth} levels", (int)e.Start.Line, (int)e.Start.Column));
                            return problems;
                        }
                        break;
                    case MappingEnd or SequenceEnd:
                        if (stack.Count > 0) stack.Pop();
                        NodeEnded(stack);
                        break;
                    case Scalar s:
                        NodeStarted(stack, s.Value, e, problems);
                        NodeEnded(stack);
                        break;
                    case AnchorAlias:
                        NodeStarted(stack, null, e, problems);
                        NodeEnded(stack);
                        break;
                }
            }
        }
        catch (Exception ex)
        {
            var problem = FromException(ex, scanner);
            // A bare exception means the scanner lost its way; an open '{' or '[' is the usual cause.
            if (problem.Column == 0 && stack.FirstOrDefault(f => f.FlowStart is not null) is { FlowStart: { } open } frame)
                problem = new Problem($"the '{(frame.IsMapping ? '{' : '[')}' here is never closed", (int)open.Line, (int)open.Column);
            problems.Add(problem);
        }
        return problems;
    }

    /// <summary>The first document's root node, or the problems that stop it from being read.</summary>
    internal static (YamlNode? Root, List<Problem> Problems) Load(string text)
    {
        var problems = Check(text);
        if (problems.Count > 0) return (null, problems);
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            var stream = new YamlStream();
            stream.Load(new Parser(scanner));
            return (stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode, problems);
        }
        catch (Exception ex)
        {
            problems.Add(FromException(ex, scanner));
            return (null, problems);
        }
    }

    /// <summary>Deserializes <paramref name="text"/> with <paramref name="deserializer"/> once
    /// <see cref="Check"/> finds nothing wrong; any exception of the deserializer (unknown key, a
    /// value of the wrong type, an out-of-range number) becomes a problem at its position.</summary>
    internal static (T? Value, List<Problem> Problems) Deserialize<T>(IDeserializer deserializer, string text)
    {
        var problems = Check(text);
        if (problems.Count > 0) return (default, problems);
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            return (deserializer.Deserialize<T>(new Parser(scanner)), problems);
        }
        catch (Exception ex)
        {
            problems.Add(FromException(ex, scanner));
            return (default, problems);
        }
    }

    private sealed class Frame(bool isMapping, Mark? flowStart)
    {
        public bool IsMapping { get; } = isMapping;
        /// <summary>Where a flow collection ('{…}' or '[…]') opened; null for block collections.</summary>
        public Mark? FlowStart { get; } = flowStart;
        public bool ExpectKey { get; set; } = true;
        public Dictionary<string, int> Keys { get; } = new(StringComparer.Ordinal);
    }

    private static void NodeStarted(Stack<Frame> stack, string? scalarKey, ParsingEvent e, List<Problem> problems)
    {
        if (stack.Count == 0 || stack.Peek() is not { IsMapping: true, ExpectKey: true } map || scalarKey is null) return;
        var line = (int)e.Start.Line;
        if (map.Keys.TryGetValue(scalarKey, out var first))
            problems.Add(new Problem($"duplicate key '{Printable(scalarKey)}' (first at line {first}): a key may appear only once in a mapping", line, (int)e.Start.Column));
        else map.Keys[scalarKey] = line;
    }

    // A node is complete: in a mapping, a key is followed by its value and a value by the next key.
    private static void NodeEnded(Stack<Frame> stack)
    {
        if (stack.Count > 0 && stack.Peek() is { IsMapping: true } map) map.ExpectKey = !map.ExpectKey;
    }

    private static Problem FromException(Exception ex, Scanner scanner)
    {
        // The deserializer wraps the precise cause (unknown key, bad scalar) in InnerException.
        YamlException? yaml = null;
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is YamlException y) yaml = y;
        if (yaml is not null && yaml.Start.Line > 0)
        {
            var message = StripPosition(FirstLine(yaml.Message));
            // A cause outside YamlDotNet (e.g. "Value was either too large or too small") says more.
            if (yaml.InnerException is { } inner and not YamlException) message += $" ({FirstLine(inner.Message)})";
            return new Problem(message, (int)yaml.Start.Line, (int)yaml.Start.Column);
        }
        // YamlDotNet sometimes fails with a bare exception (e.g. InvalidOperationException on an
        // unclosed '{' followed by more lines); the scanner's position is where it stopped.
        // Column 0 marks the position as approximate for Check.
        var at = scanner.CurrentPosition;
        return new Problem("the YAML parser stopped here: check for an unclosed '{', '[' or quote above", (int)at.Line, 0);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static string StripPosition(string message)
    {
        // YamlDotNet's messages start with "(Line: 3, Col: 5, Idx: …) - (Line: …): ".
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }

    // Keys are echoed back in messages: keep control characters out of the terminal.
    private static string Printable(string s)
    {
        var chars = s.Length > 60 ? s[..60] + "…" : s;
        return string.Concat(chars.Select(c => char.IsControl(c) ? '?' : c));
    }
}
