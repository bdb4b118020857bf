using System.CommandLine;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Node;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>`mesh import add REMOTE PORT LOCAL_ADDR:PORT | remove REMOTE PORT | list`.</summary>
internal static class MeshImportCommand
{
    public static Command Create(Option<string?> dir)
    {
        var cmd = new Command("import", "Local ports forwarded to a remote's exported port through tor");

        var remote = new Argument<string>("REMOTE") { Description = "Remote name" };
        var port = new Argument<int>("PORT") { Description = "The port the remote exports" };
        var listen = new Argument<string>("LOCAL_ADDR:PORT") { Description = "Where to listen here, e.g. 127.0.0.1:2222" };
        var add = new Command("add", "Forward a local port to a remote's export") { remote, port, listen };
        add.SetAction(pr =>
        {
            var node = MeshCli.Open(pr, dir);
            var p = MeshExportCommand.ValidPort(pr.GetValue(port));
            var l = HostPort.Parse(pr.GetValue(listen)!).TryGet(out var hp, out var bad) ? hp : throw new CliError(ExitCodes.Usage, $"LOCAL_ADDR:PORT: {bad.Message}");
            var i = MeshCli.Check(MeshEdits.AddImport(node, pr.GetValue(remote)!, p, l));
            MeshCli.Out(pr).WriteLine($"imported {i.Remote}:{i.Port} on {i.Listen}");
            return ExitCodes.Ok;
        });

        var rmRemote = new Argument<string>("REMOTE") { Description = "Remote name" };
        var rmPort = new Argument<int>("PORT") { Description = "The imported port" };
        var remove = new Command("remove", "Stop forwarding") { rmRemote, rmPort };
        remove.SetAction(pr =>
        {
            MeshCli.Check(MeshEdits.RemoveImport(MeshCli.Open(pr, dir), pr.GetValue(rmRemote)!, pr.GetValue(rmPort)));
            MeshCli.Out(pr).WriteLine($"removed import {pr.GetValue(rmRemote)}:{pr.GetValue(rmPort)}");
            return ExitCodes.Ok;
        });

        var json = MeshCli.JsonOption();
        var list = new Command("list", "List the imports") { json };
        list.SetAction(pr =>
        {
            var c = MeshCli.Open(pr, dir).Config;
            if (pr.GetValue(json)) JsonOutput.Write(MeshCli.Out(pr), MeshStatusCommand.ImportsJson(c));
            else foreach (var i in c.Imports) MeshCli.Out(pr).WriteLine($"{i.Remote}\t{i.Port}\t{i.Listen}");
            return ExitCodes.Ok;
        });

        cmd.Subcommands.Add(add);
        cmd.Subcommands.Add(remove);
        cmd.Subcommands.Add(list);
        return cmd;
    }
}
