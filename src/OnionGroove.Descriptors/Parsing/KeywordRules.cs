namespace OnionGroove.Descriptors.Parsing;

/// <summary>How often a keyword may appear in a document section (rend-spec §2.4 notation).</summary>
public enum Occurrence { ExactlyOnce, AtMostOnce, AtLeastOnce, Any }

/// <summary>Whether an item carries an object.</summary>
public enum ObjectRule { None, Required, Optional }

/// <summary>One row of a keyword table: occurrences, argument count and object.</summary>
public sealed record KeywordRule(string Keyword, Occurrence Occurrence, int MinArgs, int MaxArgs = int.MaxValue,
    ObjectRule Object = ObjectRule.None, string? ObjectLabel = null);

/// <summary>Checks items against a keyword table. Unknown keywords are allowed (dir-spec §1.2:
/// "unrecognized keywords MUST be ignored"); the caller collects them.</summary>
public static class KeywordRules
{
    public static DescriptorError? Check(IEnumerable<NetDocItem> items, IReadOnlyList<KeywordRule> rules, string layer, int lineForMissing)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var byName = rules.ToDictionary(r => r.Keyword, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!byName.TryGetValue(item.Keyword, out var rule)) continue;
            counts[item.Keyword] = counts.GetValueOrDefault(item.Keyword) + 1;
            if (counts[item.Keyword] > 1 && rule.Occurrence is Occurrence.ExactlyOnce or Occurrence.AtMostOnce)
                return DescriptorError.Malformed(layer, item.Line, $"\"{item.Keyword}\" appears more than once");
            if (item.Args.Count < rule.MinArgs)
                return DescriptorError.Malformed(layer, item.Line, $"\"{item.Keyword}\" needs at least {rule.MinArgs} argument(s), has {item.Args.Count}");
            if (item.Args.Count > rule.MaxArgs)
                return DescriptorError.Malformed(layer, item.Line, $"\"{item.Keyword}\" takes at most {rule.MaxArgs} argument(s), has {item.Args.Count}");
            if (rule.Object == ObjectRule.Required && item.Object is null)
                return DescriptorError.Malformed(layer, item.Line, $"\"{item.Keyword}\" needs a {rule.ObjectLabel ?? "object"}");
            if (rule.Object == ObjectRule.None && item.Object is not null)
                return DescriptorError.Malformed(layer, item.Line, $"\"{item.Keyword}\" must not carry an object");
            if (item.Object is not null && rule.ObjectLabel is not null && item.Object.Label != rule.ObjectLabel)
                return DescriptorError.Malformed(layer, item.Line, $"\"{item.Keyword}\" object must be {rule.ObjectLabel}, is {NetDocTokenizer.Printable(item.Object.Label)}");
        }
        foreach (var rule in rules)
            if (rule.Occurrence is Occurrence.ExactlyOnce or Occurrence.AtLeastOnce && !counts.ContainsKey(rule.Keyword))
                return DescriptorError.Malformed(layer, lineForMissing, $"missing \"{rule.Keyword}\"");
        return null;
    }
}
