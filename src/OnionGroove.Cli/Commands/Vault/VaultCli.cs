using System.CommandLine;
using OnionGroove.Vault;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>Options and plumbing shared by the vault commands: where the vault is, which
/// identities to decrypt with, JSON output, and turning vault errors into exit codes.</summary>
internal static class VaultCli
{
    public const string VaultEnv = "OG_VAULT";

    public static Option<string?> VaultOption() => new("--vault", "-C")
    {
        Description = $"The vault folder (default: ${VaultEnv}, else the current folder or a parent holding oniongroove.yaml)",
        Recursive = true,
    };

    public static Option<string[]> IdentityOption() => new("--identity", "-i")
    {
        Description = "An age identity file or ssh-ed25519 private key to decrypt with (repeatable; replaces the default lookup)",
        Recursive = true,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print machine-readable JSON ({\"version\":1,\"data\":…})" };

    public static TeamVault Open(ParseResult pr, Option<string?> vault)
    {
        var v = TeamVault.Open(PathOf(pr, vault));
        var err = Err(pr);
        v.OnLockWait = message => err.WriteLine($"oniongroove: {message}");
        return v;
    }

    /// <summary>The folder named by --vault, else $OG_VAULT, else the current folder.</summary>
    public static string PathOf(ParseResult pr, Option<string?> vault) =>
        pr.GetValue(vault) ?? Environment.GetEnvironmentVariable(VaultEnv) ?? Directory.GetCurrentDirectory();

    /// <summary>Identities per the documented lookup order (see IdentityLookup); notes go to stderr.</summary>
    public static IReadOnlyList<VaultIdentity> Identities(ParseResult pr, Option<string[]> identity)
    {
        var notes = new List<string>();
        var ids = IdentityLookup.Load(pr.GetValue(identity) ?? [], Environment.GetEnvironmentVariable(IdentityLookup.EnvVariable),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), notes,
            Console.IsInputRedirected ? null : AskPassphrase);
        foreach (var n in notes) pr.InvocationConfiguration.Error.WriteLine($"oniongroove: note: {n}");
        return ids;
    }

    /// <summary>Runs a command body, mapping vault failures to exit codes and one-line messages.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, int> body) => Action((pr, _) => body(pr));

    /// <summary>As above, for bodies that honour Ctrl-C (long searches).</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, CancellationToken, int> body) => (pr, ct) =>
    {
        try
        {
            return Task.FromResult(body(pr, ct));
        }
        catch (VaultException e)
        {
            throw new CliError(ExitCodeOf(e.Kind), e.Message, [.. e.Hints]);
        }
    };

    /// <summary>Reads a passphrase from the terminal without echoing it.</summary>
    private static string AskPassphrase(string file)
    {
        Console.Error.Write($"passphrase for {file}: ");
        var chars = new System.Text.StringBuilder();
        while (true)
        {
            var k = Console.ReadKey(intercept: true);
            if (k.Key == ConsoleKey.Enter) break;
            if (k.Key == ConsoleKey.Backspace) { if (chars.Length > 0) chars.Length--; continue; }
            chars.Append(k.KeyChar);
        }
        Console.Error.WriteLine();
        return chars.ToString();
    }

    public static int ExitCodeOf(VaultErrorKind kind) => kind switch
    {
        VaultErrorKind.Usage => ExitCodes.Usage,
        VaultErrorKind.BadInput => ExitCodes.BadInput,
        VaultErrorKind.NoIdentity => ExitCodes.NoIdentity,
        VaultErrorKind.External => ExitCodes.External,
        VaultErrorKind.Conflict => ExitCodes.Conflict,
        _ => ExitCodes.Failure,
    };

    /// <summary>The versioned JSON envelope of every --json output (see <see cref="JsonOutput"/>).</summary>
    public static void WriteJson(ParseResult pr, object data) => JsonOutput.Write(pr.InvocationConfiguration.Output, data);

    public static TextWriter Out(ParseResult pr) => pr.InvocationConfiguration.Output;
    public static TextWriter Err(ParseResult pr) => pr.InvocationConfiguration.Error;
}
