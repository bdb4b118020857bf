using System.CommandLine;
using OnionGroove.Mesh.Agent;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Node;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>`mesh init [DIR] [--tor-executable PATH | --control ENDPOINT …] [--single-hop]`.</summary>
internal static class MeshInitCommand
{
    public static Command Create(Option<string?> dir)
    {
        var path = new Argument<string?>("DIR") { Description = "The node directory (default: --dir, else $OG_MESH_DIR, else ~/.config/oniongroove/mesh)", Arity = ArgumentArity.ZeroOrOne };
        var exe = new Option<string?>("--tor-executable") { Description = "Launch this tor (default: tor on PATH, when --control is not given)" };
        var control = new Option<string?>("--control") { Description = "Attach to a running tor's control port: ADDRESS:PORT or unix:/path" };
        var password = new Option<string?>("--control-password") { Description = "HASHEDPASSWORD authentication for --control" };
        var cookie = new Option<string?>("--cookie-file") { Description = "The control auth cookie file for --control (default: the one tor names)" };
        var torrc = new Option<string[]>("--torrc") { Description = "An extra torrc line for the launched tor (repeatable)" };
        var torOnly = new Option<bool>("--tor-only") { Description = "Every connection through tor, three-hop onion service (the default)" };
        var singleHop = new Option<bool>("--single-hop") { Description = "NOT anonymous: the onion service runs single-hop for lower latency (tor's HiddenServiceNonAnonymousMode); no remotes or imports" };
        var json = MeshCli.JsonOption();
        var cmd = new Command("init", "Create a node: check tor, allocate the onion key and print the address (fails now rather than at start)")
            { path, exe, control, password, cookie, torrc, torOnly, singleHop, json };
        cmd.SetAction(async (pr, ct) =>
        {
            if (pr.GetValue(torOnly) && pr.GetValue(singleHop))
                throw new CliError(ExitCodes.Usage, "--tor-only and --single-hop exclude each other (single-hop is not anonymous)");
            var directory = pr.GetValue(path) is { } p ? Path.GetFullPath(p) : MeshCli.DirOf(pr, dir);
            var request = new MeshInitRequest(directory, pr.GetValue(singleHop) ? AnonymityMode.SingleHop : AnonymityMode.TorOnly)
            {
                TorExecutable = pr.GetValue(exe),
                Control = pr.GetValue(control),
                ControlPassword = pr.GetValue(password),
                CookieFile = pr.GetValue(cookie),
                TorrcLines = pr.GetValue(torrc) ?? [],
            };
            var result = await MeshInit.RunAsync(request, ct);
            if (!result.TryGet(out var made, out var failure))
                throw new CliError(failure.Tor ? ExitCodes.External : ExitCodes.Failure, failure.Problem.ToString(), "nothing was created");
            var c = made.Node.Config;
            if (pr.GetValue(json))
            {
                await JsonOutput.WriteAsync(MeshCli.Out(pr), new
                {
                    directory = made.Node.Directory, address = c.Address.ToString(),
                    anonymity = c.Anonymity == AnonymityMode.TorOnly ? "tor-only" : "single-hop",
                    tor = c.Tor.Launches ? "launch " + c.Tor.Executable : "attach " + c.Tor.Control, tor_version = made.TorVersion,
                });
                return ExitCodes.Ok;
            }
            var o = MeshCli.Out(pr);
            await o.WriteLineAsync(c.Address.ToString());
            await MeshCli.Err(pr).WriteLineAsync($"oniongroove: created mesh node in {made.Node.Directory} ({MeshAgent.Describe(c.Anonymity)}; {made.TorVersion}, {(c.Tor.Launches ? "launched by the agent" : "attached at " + c.Tor.Control)})");
            await MeshCli.Err(pr).WriteLineAsync("oniongroove: next: mesh export add PORT, mesh client add NAME, mesh agent run");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
