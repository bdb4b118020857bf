using System.CommandLine;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove demo` (placeholder until its issue lands).</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var cmd = new Command("demo", "(not yet implemented)");
        cmd.SetAction(_ => { Console.Error.WriteLine("oniongroove: demo is not implemented yet"); return ExitCodes.Failure; });
        return cmd;
    }
}
