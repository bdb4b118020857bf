using System.Text.Json;

namespace OnionGroove.Cli.Commands;

/// <summary>
/// The one writer of every `--json` output: <c>{"version":1,"data":…}</c> on a single line ending
/// in a newline (one document per line suits `jq -c`, log lines and line-based readers), keys in
/// snake_case.
/// </summary>
internal static class JsonOutput
{
    public const int Version = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    public static void Write(TextWriter output, object? data) =>
        output.Write(JsonSerializer.Serialize(new { version = Version, data }, Options) + "\n");

    public static Task WriteAsync(TextWriter output, object? data) =>
        output.WriteAsync(JsonSerializer.Serialize(new { version = Version, data }, Options) + "\n");
}
