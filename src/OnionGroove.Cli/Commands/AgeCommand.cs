using System.CommandLine;
using OnionGroove.Cli.Commands.Age;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove age`: age v1 encryption compatible with the age CLI (keygen, encrypt, decrypt).</summary>
public static class AgeCommand
{
    public static Command Create()
    {
        var cmd = new Command("age", "Encrypt and decrypt files in the age v1 format (interoperable with the age CLI)");
        cmd.Subcommands.Add(AgeKeygenCommand.Create());
        cmd.Subcommands.Add(AgeEncryptCommand.Create());
        cmd.Subcommands.Add(AgeDecryptCommand.Create());
        return cmd;
    }
}
