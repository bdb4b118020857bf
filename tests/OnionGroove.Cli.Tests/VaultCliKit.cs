using System.Text.Json;

namespace OnionGroove.Cli.Tests;

/// <summary>Helpers for the vault CLI tests: a command that must succeed, and the data of a `--json` answer.</summary>
internal static class VaultCliKit
{
    public static CliRunner.Result Ok(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, $"oniongroove {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    public static JsonElement Data(CliRunner.Result r)
    {
        var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
        return doc.RootElement.GetProperty("data");
    }
}
