using System.CommandLine;
using OnionGroove.Mesh.Agent;
using OnionGroove.Mesh.Node;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>`mesh connect REMOTE PORT`: stdin/stdout to the remote's port through tor (ssh ProxyCommand).</summary>
internal static class MeshConnectCommand
{
    public static Command Create(Option<string?> dir)
    {
        var remote = new Argument<string>("REMOTE") { Description = "Remote name" };
        var port = new Argument<int>("PORT") { Description = "The port the remote exports (ssh passes %p)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds tor may take to open the stream", DefaultValueFactory = _ => 120 };
        var cmd = new Command("connect", "Connect stdin/stdout to a remote's exported port through tor (for ssh's ProxyCommand)") { remote, port, timeout };
        cmd.SetAction(async (pr, ct) =>
        {
            var node = MeshCli.Open(pr, dir);
            var p = MeshExportCommand.ValidPort(pr.GetValue(port));
            var opened = await MeshConnect.OpenAsync(node, pr.GetValue(remote)!, p, TimeSpan.FromSeconds(Math.Clamp(pr.GetValue(timeout), 1, 3600)), ct);
            if (!opened.TryGet(out var stream, out var problem)) throw new CliError(ExitCodes.External, problem.ToString());
            await using (stream)
            {
                await using var stdin = Console.OpenStandardInput();
                await using var stdout = Console.OpenStandardOutput();
                await StreamPump.RunAsync(new DuplexStream(stdin, stdout), stream, ct);
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
