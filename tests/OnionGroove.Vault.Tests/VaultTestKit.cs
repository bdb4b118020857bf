using OnionGroove.TestSupport;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Vault.Tests;

/// <summary>A team member for tests: keys made by the real age-keygen / ssh-keygen.</summary>
public sealed record Member(string Name, string IdentityFile, string Recipient)
{
    public IReadOnlyList<VaultIdentity> Identities => IdentityLookup.Load([IdentityFile], null, "/nonexistent", []);
}

public static class VaultTestKit
{
    /// <summary>git in tests never reads the machine's global or system config (no signing,
    /// no hooks, no default branch surprises) and always has an author.</summary>
    public static void IsolateGit()
    {
        Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", "/dev/null");
        Environment.SetEnvironmentVariable("GIT_CONFIG_NOSYSTEM", "1");
        Environment.SetEnvironmentVariable("GIT_AUTHOR_NAME", "Vault Test");
        Environment.SetEnvironmentVariable("GIT_AUTHOR_EMAIL", "vault-test@example.invalid");
        Environment.SetEnvironmentVariable("GIT_COMMITTER_NAME", "Vault Test");
        Environment.SetEnvironmentVariable("GIT_COMMITTER_EMAIL", "vault-test@example.invalid");
    }

    public static Member AgeMember(string dir, string name)
    {
        var file = Path.Combine(dir, $"{name}.agekey");
        var r = ExternalProgram.Run("age-keygen", ["-o", file]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var recipient = File.ReadLines(file).First(l => l.StartsWith("# public key: ", StringComparison.Ordinal))["# public key: ".Length..].Trim();
        return new Member(name, file, recipient);
    }

    public static Member SshMember(string dir, string name)
    {
        var file = Path.Combine(dir, $"{name}_ed25519");
        var r = ExternalProgram.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", $"{name}@test", "-f", file]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return new Member(name, file, File.ReadAllText(file + ".pub").Trim());
    }

    public static ExternalProgram.Result Git(string dir, params string[] args) =>
        ExternalProgram.Run("git", ["-C", dir, .. args]);

    public static string GitOk(string dir, params string[] args)
    {
        var r = Git(dir, args);
        Assert.True(r.ExitCode == 0, $"git {string.Join(' ', args)}: {r.Stderr}");
        return r.Stdout;
    }

    /// <summary>A bare repository standing in for the team's shared remote.</summary>
    public static string BareRemote(string parent)
    {
        var path = Path.Combine(parent, "remote.git");
        var r = ExternalProgram.Run("git", ["init", "-q", "--bare", path]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        GitOk(path, "symbolic-ref", "HEAD", "refs/heads/main");
        return path;
    }

    /// <summary>Decrypts a vault file with the real age CLI; returns its exit code and stdout bytes.</summary>
    public static (int ExitCode, byte[] Plain, string Stderr) AgeDecrypt(string file, string identity)
    {
        // Outside any vault, so plaintext never enters a working tree the tests scan.
        var outFile = Path.Combine(Path.GetTempPath(), "og-age-plain-" + Guid.NewGuid().ToString("N"));
        var r = ExternalProgram.Run("age", ["-d", "-i", identity, "-o", outFile, file]);
        var bytes = File.Exists(outFile) ? File.ReadAllBytes(outFile) : [];
        if (File.Exists(outFile)) File.Delete(outFile);
        return (r.ExitCode, bytes, r.Stderr);
    }
}
