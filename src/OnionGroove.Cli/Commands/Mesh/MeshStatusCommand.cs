using System.CommandLine;
using OnionGroove.Mesh.Agent;
using OnionGroove.Mesh.Config;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>`mesh status [--json]`: the node's address, mode, tor, exports, clients, remotes and imports.</summary>
internal static class MeshStatusCommand
{
    public static Command Create(Option<string?> dir)
    {
        var json = MeshCli.JsonOption();
        var cmd = new Command("status", "Show the node: address, anonymity mode, tor, exports, clients, remotes, imports, agent") { json };
        cmd.SetAction(pr =>
        {
            var node = MeshCli.Open(pr, dir);
            var c = node.Config;
            var agentPid = AgentPidFile.Running(node.Directory);
            if (pr.GetValue(json))
            {
                JsonOutput.Write(MeshCli.Out(pr), new
                {
                    directory = node.Directory,
                    address = c.Address.ToString(),
                    anonymity = Mode(c.Anonymity),
                    tor = c.Tor.Launches ? new { mode = "launch", executable = c.Tor.Executable, control = (string?)null } : new { mode = "attach", executable = (string?)null, control = c.Tor.Control },
                    agent_pid = agentPid,
                    exports = ExportsJson(c), clients = ClientsJson(c), remotes = RemotesJson(c), imports = ImportsJson(c),
                });
                return ExitCodes.Ok;
            }
            var o = MeshCli.Out(pr);
            o.WriteLine($"node       {c.Address}");
            o.WriteLine($"directory  {node.Directory}");
            o.WriteLine($"anonymity  {MeshAgent.Describe(c.Anonymity)}");
            o.WriteLine($"tor        {(c.Tor.Launches ? "launched by the agent: " + c.Tor.Executable : "attached at " + c.Tor.Control)}");
            o.WriteLine($"agent      {(agentPid is { } pid ? $"running (pid {pid})" : "not running")}");
            o.WriteLine($"exports    {(c.Exports.Count == 0 ? "none" : "")}");
            foreach (var e in c.Exports) o.WriteLine($"  {e.Port} -> {e.Target}{(e.Public ? "  public" : "")}");
            o.WriteLine($"clients    {(c.Clients.Count == 0 ? "none" : "")}");
            foreach (var x in c.Clients) o.WriteLine($"  {x.Name}");
            o.WriteLine($"remotes    {(c.Remotes.Count == 0 ? "none" : "")}");
            foreach (var r in c.Remotes) o.WriteLine($"  {r.Name}  {r.Address}");
            o.WriteLine($"imports    {(c.Imports.Count == 0 ? "none" : "")}");
            foreach (var i in c.Imports) o.WriteLine($"  {i.Listen} -> {i.Remote}:{i.Port}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal static string Mode(AnonymityMode m) => m == AnonymityMode.TorOnly ? "tor-only" : "single-hop";
    internal static object ExportsJson(MeshConfig c) => c.Exports.Select(e => new { port = e.Port, target = e.Target.ToString(), @public = e.Public });
    internal static object ClientsJson(MeshConfig c) => c.Clients.Select(x => new { name = x.Name, public_key = x.Key.ToBase32() });
    internal static object RemotesJson(MeshConfig c) => c.Remotes.Select(r => new { name = r.Name, address = r.Address.ToString() });
    internal static object ImportsJson(MeshConfig c) => c.Imports.Select(i => new { remote = i.Remote, port = i.Port, listen = i.Listen.ToString() });
}
