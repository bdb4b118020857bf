using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OnionGroove.Vault.Audit;

/// <summary>
/// Checks of the manifest's text that its object model cannot see: a mapping key given twice
/// (YAML 1.2 §3.2.1.1 requires keys to be unique; a loader that lets the last one win would let
/// an added `recipient:` line quietly replace a member's key). Reads YAML events only, so it
/// works on a manifest the model refuses too.
/// </summary>
public static class ManifestLint
{
    public sealed record Finding(int Line, string Message);

    public static IReadOnlyList<Finding> DuplicateKeys(string yaml)
    {
        var findings = new List<Finding>();
        // One frame per open collection: the keys seen (mappings only) and whether the next scalar is a key.
        var frames = new Stack<(HashSet<string>? Keys, bool ExpectKey)>();
        try
        {
            var parser = new Parser(new StringReader(yaml));
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                switch (ev)
                {
                    case MappingStart:
                        Consumed(frames);
                        frames.Push((new HashSet<string>(StringComparer.Ordinal), true));
                        break;
                    case SequenceStart:
                        Consumed(frames);
                        frames.Push((null, false));
                        break;
                    case MappingEnd or SequenceEnd:
                        if (frames.Count > 0) frames.Pop();
                        break;
                    case Scalar s:
                        if (frames.Count > 0 && frames.Peek() is { Keys: { } keys, ExpectKey: true })
                        {
                            if (!keys.Add(s.Value))
                                findings.Add(new((int)s.Start.Line, $"line {s.Start.Line}: the key '{s.Value}' appears twice in one mapping; YAML keys must be unique (a reader may silently keep either value)"));
                            frames.Push((frames.Pop().Keys, false));
                        }
                        else Consumed(frames);
                        break;
                    case AnchorAlias:
                        Consumed(frames);
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // Syntax errors are the manifest parser's to report, with their line.
        }
        return findings;
    }

    /// <summary>A value was read: in a mapping, the next scalar is a key again.</summary>
    private static void Consumed(Stack<(HashSet<string>? Keys, bool ExpectKey)> frames)
    {
        if (frames.Count > 0 && frames.Peek() is { Keys: { } keys, ExpectKey: false })
        {
            frames.Pop();
            frames.Push((keys, true));
        }
    }
}
