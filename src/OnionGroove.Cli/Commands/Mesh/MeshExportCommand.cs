using System.CommandLine;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Node;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>`mesh export add PORT [--target IP:PORT] [--public] | remove PORT | list`.</summary>
internal static class MeshExportCommand
{
    public static Command Create(Option<string?> dir)
    {
        var cmd = new Command("export", "Local services published on the node's onion (client authorisation required unless --public)");

        var port = new Argument<int>("PORT") { Description = "The port on the node's onion" };
        var target = new Option<string?>("--target") { Description = "Where tor forwards it: IP:PORT (default 127.0.0.1:PORT)" };
        var pub = new Option<bool>("--public") { Description = "Anyone with the address may connect (no client authorisation; all exports must agree)" };
        var add = new Command("add", "Publish a local port") { port, target, pub };
        add.SetAction(pr =>
        {
            var node = MeshCli.Open(pr, dir);
            var p = ValidPort(pr.GetValue(port));
            HostPort? t = null;
            if (pr.GetValue(target) is { } text)
                t = HostPort.Parse(text).TryGet(out var hp, out var bad) ? hp : throw new CliError(ExitCodes.Usage, $"--target: {bad.Message}");
            var e = MeshCli.Check(MeshEdits.AddExport(node, p, t, pr.GetValue(pub)));
            MeshCli.Out(pr).WriteLine($"exported {node.Config.Address}:{e.Port} -> {e.Target}{(e.Public ? " (public)" : " (authorised clients only)")}");
            return ExitCodes.Ok;
        });

        var rmPort = new Argument<int>("PORT") { Description = "The exported port" };
        var remove = new Command("remove", "Stop publishing a port") { rmPort };
        remove.SetAction(pr =>
        {
            MeshCli.Check(MeshEdits.RemoveExport(MeshCli.Open(pr, dir), pr.GetValue(rmPort)));
            MeshCli.Out(pr).WriteLine($"removed export {pr.GetValue(rmPort)}");
            return ExitCodes.Ok;
        });

        var json = MeshCli.JsonOption();
        var list = new Command("list", "List the exports") { json };
        list.SetAction(pr =>
        {
            var c = MeshCli.Open(pr, dir).Config;
            if (pr.GetValue(json)) JsonOutput.Write(MeshCli.Out(pr), MeshStatusCommand.ExportsJson(c));
            else foreach (var e in c.Exports) MeshCli.Out(pr).WriteLine($"{e.Port}\t{e.Target}\t{(e.Public ? "public" : "clients")}");
            return ExitCodes.Ok;
        });

        cmd.Subcommands.Add(add);
        cmd.Subcommands.Add(remove);
        cmd.Subcommands.Add(list);
        return cmd;
    }

    internal static int ValidPort(int p) => p is >= 1 and <= 65535 ? p : throw new CliError(ExitCodes.Usage, $"port {p} must be 1-65535");
}
