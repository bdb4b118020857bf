using System.CommandLine;
using OnionGroove.Cli.Commands.Vault;
using OnionGroove.Deploy.Placement;
using OnionGroove.Deploy.Plan;

namespace OnionGroove.Cli.Commands.Deploy;

/// <summary>`oniongroove host add | remove | list`: hosts of an environment and the backends they carry.</summary>
internal static class HostCommand
{
    public static Command Create(Option<string?> vault)
    {
        var host = new Command("host", "Hosts of an environment: which run the balancer, which carry which backends");
        host.Subcommands.Add(Add(vault));
        host.Subcommands.Add(Remove(vault));
        host.Subcommands.Add(List(vault));
        return host;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "Host name (as Ansible will call it)" };

    private static Option<string[]> BackendOption(string verb) => new("--backend", "-b")
    {
        Description = $"Backend to {verb}: SITE/BACKEND, or SITE for its next unplaced backend (repeatable)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Command Add(Option<string?> vault)
    {
        var name = NameArgument();
        var env = DeployCli.EnvOption();
        var inventories = DeployCli.InventoriesOption();
        var frontend = new Option<bool>("--frontend") { Description = "This host runs the balancer (publishes the sites' descriptors)" };
        var address = new Option<string?>("--address") { Description = "Address Ansible connects to (ansible_host)" };
        var user = new Option<string?>("--user") { Description = "SSH user (ansible_user)" };
        var port = new Option<int?>("--port") { Description = "SSH port (ansible_port)" };
        var backends = BackendOption("place here");
        var add = new Command("add", "Add a host to an environment and place backends on it (backend placement is one vault commit)")
        {
            name, env, inventories, frontend, address, user, port, backends,
        };
        add.SetAction(VaultCli.Action(pr =>
        {
            var hostName = pr.GetValue(name)!;
            if (!Names.IsValid(hostName)) throw new CliError(ExitCodes.Usage, $"host name '{hostName}' is invalid: {Names.Rule}");
            if (pr.GetValue(port) is < 1 or > 65535) throw new CliError(ExitCodes.Usage, "--port must be 1..65535");
            var layout = DeployCli.Environment(pr, env, inventories);
            var settings = DeployCli.ReadSettings(layout);
            var selectors = pr.GetValue(backends) ?? [];
            var connection = new HostChanges.Connection(pr.GetValue(frontend), pr.GetValue(address), pr.GetValue(user), pr.GetValue(port));
            var (h, placed) = HostChanges.Add(layout, settings, hostName, connection, selectors.Length > 0 ? VaultCli.Open(pr, vault) : null, selectors);
            VaultCli.Out(pr).WriteLine($"host {hostName} in {layout.SettingsFile}" + (h.Frontend ? " (frontend)" : ""));
            foreach (var p in placed) VaultCli.Out(pr).WriteLine($"placed {p} on {hostName}");
            VaultCli.Out(pr).WriteLine($"next: oniongroove render --env {pr.GetValue(env)}");
            return ExitCodes.Ok;
        }));
        return add;
    }

    private static Command Remove(Option<string?> vault)
    {
        var name = NameArgument();
        var env = DeployCli.EnvOption();
        var inventories = DeployCli.InventoriesOption();
        var backends = BackendOption("take off");
        var remove = new Command("remove", "Take backends off a host, or (without --backend) remove the host from the environment")
        {
            name, env, inventories, backends,
        };
        remove.SetAction(VaultCli.Action(pr =>
        {
            var hostName = pr.GetValue(name)!;
            var layout = DeployCli.Environment(pr, env, inventories);
            var settings = DeployCli.ReadSettings(layout);
            var selectors = pr.GetValue(backends) ?? [];
            var v = VaultCli.Open(pr, vault);
            if (!HostChanges.IsKnown(settings, v, hostName))
                throw new CliError(ExitCodes.Usage, $"no host named '{hostName}' in {layout.SettingsFile} or the vault");
            var removed = HostChanges.Remove(layout, settings, hostName, v, selectors);
            foreach (var r in removed) VaultCli.Out(pr).WriteLine($"took {r} off {hostName}");
            if (selectors.Length == 0) VaultCli.Out(pr).WriteLine($"removed host {hostName} from {layout.SettingsFile}");
            VaultCli.Out(pr).WriteLine($"next: oniongroove render --env {pr.GetValue(env)}, then run ansible-playbook");
            return ExitCodes.Ok;
        }));
        return remove;
    }

    private static Command List(Option<string?> vault)
    {
        var env = DeployCli.EnvOption();
        var inventories = DeployCli.InventoriesOption();
        var json = VaultCli.JsonOption();
        var list = new Command("list", "List the hosts of an environment and the backends on each") { env, inventories, json };
        list.SetAction(VaultCli.Action(pr =>
        {
            var layout = DeployCli.Environment(pr, env, inventories);
            var settings = DeployCli.ReadSettings(layout);
            var v = VaultCli.Open(pr, vault);
            var rows = HostList.Of(settings, v.Manifest)
                .Select(r => new { name = r.Name, frontend = r.Frontend, address = r.Address, backends = r.Backends }).ToList();
            if (pr.GetValue(json)) { VaultCli.WriteJson(pr, rows); return ExitCodes.Ok; }
            foreach (var r in rows)
                VaultCli.Out(pr).WriteLine($"{r.name}{(r.frontend ? " (frontend)" : "")}: {(r.backends.Count > 0 ? string.Join(", ", r.backends) : "no backends")}");
            return ExitCodes.Ok;
        }));
        return list;
    }
}
