using OnionGroove.Age;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Cli.Commands.Age;

/// <summary>Input, output, passphrases and error mapping shared by the age subcommands.</summary>
internal static class AgeCliIo
{
    public const string PassphraseVariable = "OG_AGE_PASSPHRASE";
    public const string SshPassphraseVariable = "OG_AGE_SSH_PASSPHRASE";

    public static Stream OpenInput(string? path)
    {
        if (path is null or "-") return Console.OpenStandardInput();
        if (!File.Exists(path)) throw new CliError(ExitCodes.Usage, $"{path}: no such file");
        return File.OpenRead(path);
    }

    public static string ReadTextFile(string path, string what)
    {
        if (path == "-") return Console.In.ReadToEnd();
        if (!File.Exists(path)) throw new CliError(ExitCodes.Usage, $"{what} {path}: no such file");
        return File.ReadAllText(path);
    }

    /// <summary>Runs write against the output: the file appears under its name only once complete,
    /// so a failure never leaves a partial or truncated file (or a plaintext temporary) behind.</summary>
    public static void WriteOutput(string? path, bool binary, Action<Stream> write)
    {
        if (path is null or "-")
        {
            if (binary && !Console.IsOutputRedirected)
                throw new CliError(ExitCodes.Usage, "refusing to write binary ciphertext to a terminal",
                    "use -a for ASCII armor, -o FILE, or redirect the output");
            using var stdout = Console.OpenStandardOutput();
            write(stdout);
            return;
        }
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new CliError(ExitCodes.Usage, $"{path}: the folder does not exist");
        // When an existing file is replaced, sync first so a crash cannot lose both versions;
        // a new file needs no sync (and syncing 100 MB would double the time of a run).
        // AtomicOutput leaves no temporary file behind even when this process is killed.
        OnionGroove.Crypto.Files.AtomicOutput.Write(full, write, sync: File.Exists(full));
    }

    /// <summary>The passphrase from OG_AGE_PASSPHRASE, else typed on the terminal without echo.</summary>
    public static string Passphrase(TextWriter stderr, string prompt, bool confirm)
    {
        if (Environment.GetEnvironmentVariable(PassphraseVariable) is { Length: > 0 } fromEnv) return fromEnv;
        return ReadFromTerminal(stderr, prompt, confirm, PassphraseVariable);
    }

    public static string SshPassphrase(TextWriter stderr, string keyPath)
    {
        if (Environment.GetEnvironmentVariable(SshPassphraseVariable) is { Length: > 0 } fromEnv) return fromEnv;
        return ReadFromTerminal(stderr, $"Enter passphrase for \"{keyPath}\": ", false, SshPassphraseVariable);
    }

    private static string ReadFromTerminal(TextWriter stderr, string prompt, bool confirm, string variable)
    {
        if (Console.IsInputRedirected)
            throw new CliError(ExitCodes.Usage, "a passphrase is needed but there is no terminal to type it",
                $"set {variable} for scripts");
        var first = ReadHidden(stderr, prompt);
        if (first.Length == 0) throw new CliError(ExitCodes.Usage, "the passphrase is empty");
        if (confirm && ReadHidden(stderr, "Confirm passphrase: ") != first)
            throw new CliError(ExitCodes.Usage, "the passphrases do not match");
        return first;
    }

    private static string ReadHidden(TextWriter stderr, string prompt)
    {
        stderr.Write(prompt);
        stderr.Flush();
        var sb = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; continue; }
            if (key.KeyChar != '\0') sb.Append(key.KeyChar);
        }
        stderr.WriteLine();
        return sb.ToString();
    }

    /// <summary>Maps the library's failure kinds to the CLI's exit codes and one actionable line.</summary>
    public static CliError ToCliError(AgeException e, string? source = null)
    {
        var where = source is null or "-" ? "" : $"{source}: ";
        return e.Kind switch
        {
            AgeFailureKind.NoIdentityMatched => new CliError(ExitCodes.NoIdentity, where + e.Message,
                "pass the matching key with -i (an age identity file or an OpenSSH ed25519 private key)"),
            AgeFailureKind.Header => new CliError(ExitCodes.BadInput, $"{where}invalid age header: {e.Message}"),
            AgeFailureKind.HeaderMac => new CliError(ExitCodes.BadInput, $"{where}{e.Message}"),
            AgeFailureKind.Payload => new CliError(ExitCodes.BadInput, $"{where}the encrypted data is corrupt or truncated: {e.Message}"),
            AgeFailureKind.Armor => new CliError(ExitCodes.BadInput, $"{where}invalid ASCII armor: {e.Message}"),
            AgeFailureKind.Unsupported => new CliError(ExitCodes.BadInput, where + e.Message),
            _ => new CliError(ExitCodes.BadInput, where + e.Message),
        };
    }
}
