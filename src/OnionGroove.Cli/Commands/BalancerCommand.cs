using System.CommandLine;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove balancer` (placeholder until its issue lands).</summary>
public static class BalancerCommand
{
    public static Command Create()
    {
        var cmd = new Command("balancer", "(not yet implemented)");
        cmd.SetAction(_ => { Console.Error.WriteLine("oniongroove: balancer is not implemented yet"); return ExitCodes.Failure; });
        return cmd;
    }
}
