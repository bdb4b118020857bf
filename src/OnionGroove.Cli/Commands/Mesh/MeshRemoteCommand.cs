using System.CommandLine;
using OnionGroove.Mesh.Node;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>`mesh remote add NAME TOKEN | list | show NAME | remove NAME | ssh-config NAME`.</summary>
internal static class MeshRemoteCommand
{
    public static Command Create(Option<string?> dir)
    {
        var cmd = new Command("remote", "Other nodes this one may reach (each with the token it was given)");

        var name = new Argument<string>("NAME") { Description = "A name for the remote node (lowercase letters, digits, '-', '_')" };
        var token = new Argument<string>("TOKEN") { Description = "The token printed by `mesh client add` on that node ('-': read it from stdin)" };
        var add = new Command("add", "Add a remote node from its token") { name, token };
        add.SetAction(pr =>
        {
            var text = pr.GetValue(token)!;
            if (text == "-") text = Console.In.ReadLine() ?? "";
            var node = MeshCli.Open(pr, dir);
            if (!MeshToken.Parse(text).TryGet(out var parsed, out var bad))
                throw new CliError(ExitCodes.BadInput, $"the token is not usable: {bad.Message}", "nothing was changed");
            parsed.Dispose();
            var r = MeshCli.Check(MeshEdits.AddRemote(node, pr.GetValue(name)!, text));
            MeshCli.Out(pr).WriteLine($"added remote {r.Name} ({r.Address})");
            return ExitCodes.Ok;
        });

        var json = MeshCli.JsonOption();
        var list = new Command("list", "List the remotes") { json };
        list.SetAction(pr =>
        {
            var c = MeshCli.Open(pr, dir).Config;
            if (pr.GetValue(json)) JsonOutput.Write(MeshCli.Out(pr), MeshStatusCommand.RemotesJson(c));
            else foreach (var r in c.Remotes) MeshCli.Out(pr).WriteLine($"{r.Name}\t{r.Address}");
            return ExitCodes.Ok;
        });

        var showName = new Argument<string>("NAME") { Description = "Remote name" };
        var showJson = MeshCli.JsonOption();
        var show = new Command("show", "Show one remote and its imports") { showName, showJson };
        show.SetAction(pr =>
        {
            var c = MeshCli.Open(pr, dir).Config;
            var r = c.Remotes.FirstOrDefault(x => x.Name == pr.GetValue(showName)) ?? throw Unknown(pr.GetValue(showName)!);
            var imports = c.Imports.Where(i => i.Remote == r.Name).ToList();
            if (pr.GetValue(showJson))
                JsonOutput.Write(MeshCli.Out(pr), new { name = r.Name, address = r.Address.ToString(), imports = imports.Select(i => new { port = i.Port, listen = i.Listen.ToString() }) });
            else
            {
                MeshCli.Out(pr).WriteLine($"remote {r.Name}\naddress {r.Address}");
                foreach (var i in imports) MeshCli.Out(pr).WriteLine($"import {i.Port} on {i.Listen}");
            }
            return ExitCodes.Ok;
        });

        var rmName = new Argument<string>("NAME") { Description = "Remote name" };
        var remove = new Command("remove", "Forget a remote and its client key") { rmName };
        remove.SetAction(pr =>
        {
            MeshCli.Check(MeshEdits.RemoveRemote(MeshCli.Open(pr, dir), pr.GetValue(rmName)!));
            MeshCli.Out(pr).WriteLine($"removed remote {pr.GetValue(rmName)}");
            return ExitCodes.Ok;
        });

        var sshName = new Argument<string>("NAME") { Description = "Remote name" };
        var sshUser = new Option<string?>("--user") { Description = "Add a User line" };
        var sshPort = new Option<int>("--port") { Description = "The remote's exported ssh port", DefaultValueFactory = _ => 22 };
        var ssh = new Command("ssh-config", "Print an ssh_config stanza: ssh NAME.mesh goes through this node's tor (ProxyCommand oniongroove mesh connect)") { sshName, sshUser, sshPort };
        ssh.SetAction(pr =>
        {
            var node = MeshCli.Open(pr, dir);
            var r = node.Config.Remotes.FirstOrDefault(x => x.Name == pr.GetValue(sshName)) ?? throw Unknown(pr.GetValue(sshName)!);
            MeshCli.Out(pr).Write(SshConfigStanza.Render(r, node.Directory, MeshCli.SelfCommand(), pr.GetValue(sshUser), MeshExportCommand.ValidPort(pr.GetValue(sshPort))));
            return ExitCodes.Ok;
        });

        cmd.Subcommands.Add(add);
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(show);
        cmd.Subcommands.Add(remove);
        cmd.Subcommands.Add(ssh);
        return cmd;
    }

    private static CliError Unknown(string name) =>
        new(ExitCodes.Failure, $"no remote '{new string(name.Where(c => !char.IsControl(c)).Take(40).ToArray())}' (see oniongroove mesh remote list)");
}
