using System.CommandLine;
using OnionGroove.Vault.Operations;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove backend add | remove | rotate SITE [NAME]`.</summary>
internal static class BackendCommand
{
    public static Command Create(Option<string?> vault)
    {
        var backend = new Command("backend", "Backend keys of a site (each backend is its own onion service behind the frontend)");
        var site = () => new Argument<string>("SITE") { Description = "Site name" };
        var optionalName = () => new Argument<string?>("NAME") { Description = "Backend name", Arity = ArgumentArity.ZeroOrOne };

        var addSite = site(); var addName = optionalName();
        addName.Description = "Backend name (default: the next free bN)";
        var add = new Command("add", "Add a backend key to a site (one commit)") { addSite, addName };
        add.SetAction(VaultCli.Action(pr =>
        {
            var b = BackendOperations.Add(VaultCli.Open(pr, vault), pr.GetValue(addSite)!, pr.GetValue(addName));
            VaultCli.Out(pr).WriteLine($"added backend {pr.GetValue(addSite)}/{b.Name}: {b.Address}");
            return ExitCodes.Ok;
        }));

        var rmSite = site(); var rmName = new Argument<string>("NAME") { Description = "Backend name" };
        var remove = new Command("remove", "Remove a backend key from a site (one commit)") { rmSite, rmName };
        remove.SetAction(VaultCli.Action(pr =>
        {
            BackendOperations.Remove(VaultCli.Open(pr, vault), pr.GetValue(rmSite)!, pr.GetValue(rmName)!);
            VaultCli.Out(pr).WriteLine($"removed backend {pr.GetValue(rmSite)}/{pr.GetValue(rmName)}");
            return ExitCodes.Ok;
        }));

        var rotSite = site(); var rotName = optionalName();
        rotName.Description = "Backend name (default: every backend of the site)";
        var rotate = new Command("rotate", "Give backends new keys (new backend addresses; the site address stays) in one commit") { rotSite, rotName };
        rotate.SetAction(VaultCli.Action(pr =>
        {
            var rotated = BackendOperations.Rotate(VaultCli.Open(pr, vault), pr.GetValue(rotSite)!, pr.GetValue(rotName));
            foreach (var b in rotated) VaultCli.Out(pr).WriteLine($"rotated backend {pr.GetValue(rotSite)}/{b.Name}: new address {b.Address}");
            VaultCli.Out(pr).WriteLine("next: redeploy the backends and the balancer so the frontend descriptor lists the new addresses");
            return ExitCodes.Ok;
        }));

        backend.Subcommands.Add(add);
        backend.Subcommands.Add(remove);
        backend.Subcommands.Add(rotate);
        return backend;
    }
}
