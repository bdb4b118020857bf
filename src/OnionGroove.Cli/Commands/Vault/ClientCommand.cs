using System.CommandLine;
using OnionGroove.Vault.Operations;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove client add | remove | rotate SITE [NAME]` (client authorization keys).</summary>
internal static class ClientCommand
{
    public static Command Create(Option<string?> vault)
    {
        var client = new Command("client", "Client authorization keys of a site (only listed clients can reach it)");

        var addSite = new Argument<string>("SITE") { Description = "Site name" };
        var addName = new Argument<string>("NAME") { Description = "Client name (lowercase letters, digits, '-', '_')" };
        var add = new Command("add", "Create a client key, sealed to the team (one commit)") { addSite, addName };
        add.SetAction(VaultCli.Action(pr =>
        {
            var c = ClientOperations.Add(VaultCli.Open(pr, vault), pr.GetValue(addSite)!, pr.GetValue(addName)!);
            var o = VaultCli.Out(pr);
            o.WriteLine($"added client {pr.GetValue(addSite)}/{c.Name}; service side (.auth): {c.PublicKey}");
            o.WriteLine($"next: oniongroove export {pr.GetValue(addSite)} --out DIR writes clients/{c.Name}.auth_private to hand to the client");
            return ExitCodes.Ok;
        }));

        var rmSite = new Argument<string>("SITE") { Description = "Site name" };
        var rmName = new Argument<string>("NAME") { Description = "Client name" };
        var remove = new Command("remove", "Remove a client key (redeploy so the service stops accepting it)") { rmSite, rmName };
        remove.SetAction(VaultCli.Action(pr =>
        {
            ClientOperations.Remove(VaultCli.Open(pr, vault), pr.GetValue(rmSite)!, pr.GetValue(rmName)!);
            VaultCli.Out(pr).WriteLine($"removed client {pr.GetValue(rmSite)}/{pr.GetValue(rmName)}");
            return ExitCodes.Ok;
        }));

        var rotSite = new Argument<string>("SITE") { Description = "Site name" };
        var rotName = new Argument<string?>("NAME") { Description = "Client name (default: every client of the site)", Arity = ArgumentArity.ZeroOrOne };
        var rotate = new Command("rotate", "Give clients new keys (one commit); hand each client its new .auth_private") { rotSite, rotName };
        rotate.SetAction(VaultCli.Action(pr =>
        {
            foreach (var c in ClientOperations.Rotate(VaultCli.Open(pr, vault), pr.GetValue(rotSite)!, pr.GetValue(rotName)))
                VaultCli.Out(pr).WriteLine($"rotated client {pr.GetValue(rotSite)}/{c.Name}; new .auth: {c.PublicKey}");
            return ExitCodes.Ok;
        }));

        client.Subcommands.Add(add);
        client.Subcommands.Add(remove);
        client.Subcommands.Add(rotate);
        return client;
    }
}
