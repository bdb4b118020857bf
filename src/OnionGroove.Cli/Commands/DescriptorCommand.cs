using System.CommandLine;
using OnionGroove.Cli.Commands.Descriptor;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove descriptor decode|fetch`: inspect v3 onion-service descriptors.</summary>
public static class DescriptorCommand
{
    public static Command Create()
    {
        var cmd = new Command("descriptor", "Inspect v3 onion-service descriptors: verify, decrypt and show them");
        cmd.Subcommands.Add(DescriptorDecodeCommand.Create());
        cmd.Subcommands.Add(DescriptorFetchCommand.Create());
        return cmd;
    }
}
