using System.CommandLine;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove keygen` (placeholder until its issue lands).</summary>
public static class KeygenCommand
{
    public static Command Create()
    {
        var cmd = new Command("keygen", "(not yet implemented)");
        cmd.SetAction(_ => { Console.Error.WriteLine("oniongroove: keygen is not implemented yet"); return ExitCodes.Failure; });
        return cmd;
    }
}
