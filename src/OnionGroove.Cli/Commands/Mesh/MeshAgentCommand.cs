using System.CommandLine;
using System.Runtime.InteropServices;
using OnionGroove.Cli.Commands.Balancer;
using OnionGroove.Mesh.Agent;
using OnionGroove.Mesh.Node;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>`mesh agent run` (foreground daemon) and `mesh agent systemd-unit [--user]`.</summary>
internal static class MeshAgentCommand
{
    public static Command Create(Option<string?> dir)
    {
        var cmd = new Command("agent", "Run the node");

        var run = new DaemonCommand("run", "Run the node in the foreground (logs to stderr; applies mesh.yml changes live; SIGTERM or Ctrl-C stops it, exit 0)");
        run.SetAction(async (pr, ct) =>
        {
            var err = MeshCli.Err(pr);
            void Log(string m) { lock (err) err.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} mesh: {m}"); }
            var started = MeshAgent.Start(MeshCli.DirOf(pr, dir), Log);
            if (!started.TryGet(out var agent, out var problems)) throw MeshCli.Error(ExitCodes.BadInput, problems);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            void Stop(PosixSignalContext ctx)
            {
                ctx.Cancel = true;
                Log($"{ctx.Signal.ToString().ToUpperInvariant()}: stopping");
                stop.Cancel();
            }
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            await using (agent)
            {
                try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
            }
            Log("stopped");
            return ExitCodes.Ok;
        });

        var user = new Option<bool>("--user") { Description = "A unit for the user's systemd (systemctl --user)" };
        var unit = new Command("systemd-unit", "Print a hardened systemd unit for this binary and node directory") { user };
        unit.SetAction(pr =>
        {
            MeshCli.Out(pr).Write(SystemdUnit.Render(MeshCli.SelfCommand(), MeshCli.DirOf(pr, dir), pr.GetValue(user)));
            return ExitCodes.Ok;
        });

        cmd.Subcommands.Add(run);
        cmd.Subcommands.Add(unit);
        return cmd;
    }
}
