using System.Text.RegularExpressions;

namespace OnionGroove.Deploy.Plan;

/// <summary>environment.yml's <c>tor_network</c> lines ("Option value") and their shape for the
/// tor role's <c>tor_network_config</c>: option → value, or a list for repeated options
/// (DirAuthority).</summary>
public static partial class TorNetworkLines
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]* +[^\\r\\n#]+$")]
    private static partial Regex LineShape();

    /// <summary>Null when the line is one torrc option with a value, else what is wrong.</summary>
    public static string? Check(string? line) =>
        line is not null && LineShape().IsMatch(line.Trim()) ? null
            : $"'{line}' is not one torrc option with a value (like 'TestingTorNetwork 1')";

    public static SortedDictionary<string, object> ToConfig(IEnumerable<string> lines)
    {
        var grouped = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in lines.Select(l => l.Trim()))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (name, value) = (line[..space], line[(space + 1)..].Trim());
            if (!grouped.TryGetValue(name, out var values)) grouped[name] = values = [];
            values.Add(value);
        }
        var config = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, values) in grouped) config[name] = values.Count == 1 ? values[0] : values;
        return config;
    }
}
