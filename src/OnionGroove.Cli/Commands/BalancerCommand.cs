using System.CommandLine;
using OnionGroove.Cli.Commands.Balancer;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove balancer run|check|status`: the Onionbalance-compatible balancer daemon.</summary>
public static class BalancerCommand
{
    public static Command Create()
    {
        var cmd = new Command("balancer", "Run and inspect the onion service balancer (reads Onionbalance's config.yaml)");
        cmd.Subcommands.Add(BalancerRunCommand.Create());
        cmd.Subcommands.Add(BalancerCheckCommand.Create());
        cmd.Subcommands.Add(BalancerStatusCommand.Create());
        return cmd;
    }
}
