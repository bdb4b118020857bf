using System.CommandLine;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>`oniongroove mesh …`: a private, client-authorised onion backplane between hosts (docs/mesh.md).</summary>
public static class MeshCommand
{
    public static Command Create()
    {
        var dir = MeshCli.DirOption();
        var cmd = new Command("mesh", "A private onion backplane: export local services to authorised machines, reach other nodes by name (docs/mesh.md)") { dir };
        cmd.Subcommands.Add(MeshInitCommand.Create(dir));
        cmd.Subcommands.Add(MeshExportCommand.Create(dir));
        cmd.Subcommands.Add(MeshClientCommand.Create(dir));
        cmd.Subcommands.Add(MeshRemoteCommand.Create(dir));
        cmd.Subcommands.Add(MeshImportCommand.Create(dir));
        cmd.Subcommands.Add(MeshStatusCommand.Create(dir));
        cmd.Subcommands.Add(MeshConnectCommand.Create(dir));
        cmd.Subcommands.Add(MeshAgentCommand.Create(dir));
        return cmd;
    }
}
