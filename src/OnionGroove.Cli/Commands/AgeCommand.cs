using System.CommandLine;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove age` (placeholder until its issue lands).</summary>
public static class AgeCommand
{
    public static Command Create()
    {
        var cmd = new Command("age", "(not yet implemented)");
        cmd.SetAction(_ => { Console.Error.WriteLine("oniongroove: age is not implemented yet"); return ExitCodes.Failure; });
        return cmd;
    }
}
