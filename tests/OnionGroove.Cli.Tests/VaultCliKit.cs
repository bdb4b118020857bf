using System.Text.Json;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>Helpers for the vault CLI tests: real age-keygen / ssh-keygen keys, git isolated
/// from the machine's global config.</summary>
internal static class VaultCliKit
{
    static VaultCliKit()
    {
        Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", "/dev/null");
        Environment.SetEnvironmentVariable("GIT_CONFIG_NOSYSTEM", "1");
        Environment.SetEnvironmentVariable("GIT_AUTHOR_NAME", "Vault Test");
        Environment.SetEnvironmentVariable("GIT_AUTHOR_EMAIL", "vault-test@example.invalid");
        Environment.SetEnvironmentVariable("GIT_COMMITTER_NAME", "Vault Test");
        Environment.SetEnvironmentVariable("GIT_COMMITTER_EMAIL", "vault-test@example.invalid");
    }

    public sealed record Key(string File, string Recipient);

    public static Key AgeKey(string dir, string name)
    {
        var file = Path.Combine(dir, name + ".agekey");
        Assert.Equal(0, ExternalProgram.Run("age-keygen", ["-o", file]).ExitCode);
        return new Key(file, File.ReadLines(file).First(l => l.StartsWith("# public key: ", StringComparison.Ordinal))[14..].Trim());
    }

    public static Key SshKey(string dir, string name)
    {
        var file = Path.Combine(dir, name + "_ed25519");
        Assert.Equal(0, ExternalProgram.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file]).ExitCode);
        return new Key(file, File.ReadAllText(file + ".pub").Trim());
    }

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

    public static string Git(string dir, params string[] args)
    {
        var r = ExternalProgram.Run("git", ["-C", dir, .. args]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout;
    }
}
