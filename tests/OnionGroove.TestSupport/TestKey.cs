namespace OnionGroove.TestSupport;

/// <summary>A team member's key for tests, made by the real age-keygen or ssh-keygen: the
/// private key's file and the recipient line that seals to it.</summary>
public sealed record TestKey(string Name, string File, string Recipient)
{
    private const string PublicKeyComment = "# public key: ";

    /// <summary>An X25519 identity from age-keygen, in DIR/NAME.agekey.</summary>
    public static TestKey Age(string dir, string name)
    {
        var file = Path.Combine(dir, $"{name}.agekey");
        Check("age-keygen", ExternalProgram.Run("age-keygen", ["-o", file]));
        var recipient = System.IO.File.ReadLines(file).First(l => l.StartsWith(PublicKeyComment, StringComparison.Ordinal))[PublicKeyComment.Length..].Trim();
        return new TestKey(name, file, recipient);
    }

    /// <summary>An unencrypted ed25519 key from ssh-keygen, in DIR/NAME_ed25519 (comment NAME@test).</summary>
    public static TestKey Ssh(string dir, string name)
    {
        var file = Path.Combine(dir, $"{name}_ed25519");
        Check("ssh-keygen", ExternalProgram.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", $"{name}@test", "-f", file]));
        return new TestKey(name, file, System.IO.File.ReadAllText(file + ".pub").Trim());
    }

    private static void Check(string program, ExternalProgram.Result r)
    {
        if (r.ExitCode != 0) throw new InvalidOperationException($"{program} exited {r.ExitCode}: {r.Stderr}");
    }
}
