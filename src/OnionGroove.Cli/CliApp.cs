using System.CommandLine;
using OnionGroove.Cli.Commands;

namespace OnionGroove.Cli;

/// <summary>Builds the command tree. Each noun lives in its own folder under Commands/.</summary>
public static class CliApp
{
    private const string Description =
        "OnionGroove: keys, vault, descriptors, balancer and deployment for high-availability onion sites.";

    /// <summary>The whole command tree (help, documentation, tests).</summary>
    public static RootCommand BuildRoot() => BuildRoot(noun: null);

    /// <summary>A root holding only the top-level command named <paramref name="noun"/> when there is
    /// one, else the whole tree. Short runs (an Ansible key lookup, `age encrypt`) then construct one
    /// noun instead of every option of every command: start-up is most of their time.</summary>
    public static RootCommand BuildRoot(string? noun)
    {
        var root = new RootCommand(Description);
        if (noun is not null)
            foreach (var c in Nouns())
                if (c.Name == noun || c.Aliases.Contains(noun))
                {
                    root.Subcommands.Add(c);
                    return root;
                }
        foreach (var c in Nouns()) root.Subcommands.Add(c);
        return root;
    }

    // Lazily, in help order: BuildRoot(noun) stops at the first match.
    private static IEnumerable<Command> Nouns()
    {
        yield return KeygenCommand.Create();
        yield return AgeCommand.Create();
        foreach (var c in VaultCommands.Create()) yield return c;
        yield return DescriptorCommand.Create();
        yield return BundleCommand.Create();
        yield return BalancerCommand.Create();
        yield return DemoCommand.Create();
        yield return Commands.Probe.ProbeCommand.Create();
        yield return Commands.Doctor.DoctorCommand.Create();
        foreach (var c in DeployCommands.Create()) yield return c;
        yield return Commands.Mesh.MeshCommand.Create();
        yield return ManPagesCommand.Create();
    }

    /// <summary>Runs a command line with the given writers (tests pass their own).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot(args.Length > 0 ? args[0] : null);
        var config = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Errors are printed by us, as one line a sysadmin can act on, never as a stack trace.
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            var parse = root.Parse(args);
            // Help and --version clear parse errors; anything else with errors is a usage error.
            if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
                return await UsageErrors.ReportAsync(parse, stderr);
            // The daemon handles SIGTERM/SIGINT itself and exits 0; the library's handler would force 130/143.
            if (parse.CommandResult.Command is Commands.Balancer.DaemonCommand) config.ProcessTerminationTimeout = null;
            return await parse.InvokeAsync(config);
        }
        catch (CliError e)
        {
            await stderr.WriteLineAsync($"oniongroove: {e.Message}");
            foreach (var hint in e.Hints) await stderr.WriteLineAsync($"oniongroove: hint: {hint}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("oniongroove: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"oniongroove: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
