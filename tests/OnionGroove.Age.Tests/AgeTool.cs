using OnionGroove.TestSupport;

namespace OnionGroove.Age.Tests;

/// <summary>The real age CLI (Debian "age") and ssh-keygen, driven from tests. age reads
/// passphrases only from a terminal, so those runs go through script(1)'s pty.</summary>
internal static class AgeTool
{
    public static ExternalProgram.Result Run(params string[] args)
    {
        Assert.True(ExternalProgram.Exists("age"), "the age CLI is required (apt-get install age)");
        return ExternalProgram.Run("age", args);
    }

    public static ExternalProgram.Result Keygen(params string[] args) => ExternalProgram.Run("age-keygen", args);

    /// <summary>Runs age under a pty, typing each line of input (passphrases) into it.</summary>
    public static ExternalProgram.Result RunWithTerminal(string input, params string[] args)
    {
        Assert.True(ExternalProgram.Exists("script"), "script(1) is required (util-linux / bsdutils)");
        var command = "age " + string.Join(' ', args.Select(Quote));
        return ExternalProgram.Run("script", ["-qec", command, "/dev/null"], stdin: input);
    }

    public static void SshKeygen(string path, string passphrase)
    {
        Assert.True(ExternalProgram.Exists("ssh-keygen"), "ssh-keygen is required (apt-get install openssh-client)");
        var r = ExternalProgram.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", "test@oniongroove", "-f", path]);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
