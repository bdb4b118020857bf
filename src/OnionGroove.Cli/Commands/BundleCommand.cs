using System.CommandLine;
using OnionGroove.Cli.Commands.Bundle;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove bundle inspect`: signing bundles for offline frontend keys (docs/offline-keys.md).</summary>
public static class BundleCommand
{
    public static Command Create()
    {
        var cmd = new Command("bundle", "Signing bundles: pre-certified descriptor signing keys, so balancers never hold the frontend key");
        cmd.Subcommands.Add(BundleInspectCommand.Create());
        return cmd;
    }
}
