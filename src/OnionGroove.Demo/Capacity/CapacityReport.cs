using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnionGroove.Demo.Capacity;

/// <summary>What one capacity scenario measured: a table (named columns, one row per level and
/// round), the parameters it ran with, the machine it ran on and notes on how to read it. Printed
/// as a Markdown table or as JSON (<see cref="ToJson"/>, read back by <see cref="FromJson"/>).</summary>
public sealed record CapacityReport(
    string Scenario,
    IReadOnlyDictionary<string, string> Parameters,
    MachineInfo Machine,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<double?>> Rows,
    IReadOnlyList<string> Notes)
{
    /// <summary>A row's value by column name (null: not measured, e.g. a backend never dropped).</summary>
    public double? Value(int row, string column)
    {
        var i = Columns.ToList().IndexOf(column);
        return i < 0 ? throw new ArgumentException($"no column {column}", nameof(column)) : Rows[row][i];
    }

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"scenario {Scenario} ({string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))})");
        sb.AppendLine($"machine: {Machine.Summary}");
        sb.AppendLine();
        sb.AppendLine("| " + string.Join(" | ", Columns) + " |");
        sb.AppendLine("|" + string.Concat(Columns.Select(_ => "---:|")));
        foreach (var r in Rows) sb.AppendLine("| " + string.Join(" | ", r.Select(Format)) + " |");
        foreach (var n in Notes) sb.AppendLine().Append("note: ").AppendLine(n);
        return sb.ToString();
    }

    private static string Format(double? v) => v switch
    {
        null => "—",
        { } x when x == Math.Floor(x) && Math.Abs(x) < 1e9 => x.ToString("0", CultureInfo.InvariantCulture),
        { } x when Math.Abs(x) >= 100 => x.ToString("0.0", CultureInfo.InvariantCulture),
        { } x => x.ToString("0.###", CultureInfo.InvariantCulture),
    };

    public string ToJson()
    {
        var rows = new JsonArray();
        foreach (var r in Rows)
        {
            var o = new JsonObject();
            for (var i = 0; i < Columns.Count; i++) o[Columns[i]] = r[i] is { } v && double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 4)) : null;
            rows.Add(o);
        }
        var doc = new JsonObject
        {
            ["scenario"] = Scenario,
            ["parameters"] = new JsonObject(Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["machine"] = Machine.ToJson(),
            ["columns"] = new JsonArray(Columns.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["rows"] = rows,
            ["notes"] = new JsonArray(Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads <see cref="ToJson"/>'s output back (for tests and for tools that collect runs).</summary>
    public static CapacityReport FromJson(string json)
    {
        var doc = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("not a JSON object");
        var columns = doc["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        var rows = doc["rows"]!.AsArray().Select(r => (IReadOnlyList<double?>)columns
            .Select(c => r![c] is JsonValue v ? v.GetValue<double>() : (double?)null).ToList()).ToList();
        var parameters = doc["parameters"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        var notes = doc["notes"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        return new CapacityReport(doc["scenario"]!.GetValue<string>(), parameters, MachineInfo.FromJson(doc["machine"]!.AsObject()),
            columns, rows, notes);
    }
}
