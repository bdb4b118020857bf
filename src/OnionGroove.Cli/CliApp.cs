using System.CommandLine;
using OnionGroove.Cli.Commands;

namespace OnionGroove.Cli;

/// <summary>Builds the command tree. Each noun lives in its own folder under Commands/.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "OnionGroove: keys, vault, descriptors, balancer and deployment for high-availability onion sites.");
        root.Subcommands.Add(KeygenCommand.Create());
        root.Subcommands.Add(AgeCommand.Create());
        foreach (var c in VaultCommands.Create()) root.Subcommands.Add(c);
        root.Subcommands.Add(DescriptorCommand.Create());
        root.Subcommands.Add(BalancerCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        foreach (var c in DeployCommands.Create()) root.Subcommands.Add(c);
        return root;
    }

    /// <summary>Runs a command line with the given writers (tests pass their own).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot();
        var config = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Errors are printed by us, as one line a sysadmin can act on, never as a stack trace.
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await root.Parse(args).InvokeAsync(config);
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
