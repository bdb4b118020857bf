using System.CommandLine;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove descriptor` (placeholder until its issue lands).</summary>
public static class DescriptorCommand
{
    public static Command Create()
    {
        var cmd = new Command("descriptor", "(not yet implemented)");
        cmd.SetAction(_ => { Console.Error.WriteLine("oniongroove: descriptor is not implemented yet"); return ExitCodes.Failure; });
        return cmd;
    }
}
