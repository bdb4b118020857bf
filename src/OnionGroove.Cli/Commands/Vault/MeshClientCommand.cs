using System.CommandLine;
using OnionGroove.Crypto;
using OnionGroove.Mesh.Node;
using OnionGroove.Vault.Operations;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove mesh-client add | remove | rotate | list | token`: the team's mesh client
/// keys in the vault (docs/mesh.md, "Team and deployment").</summary>
internal static class MeshClientCommand
{
    public static Command Create(Option<string?> vault, Option<string[]> identity)
    {
        var cmd = new Command("mesh-client", "The team's mesh client keys (sealed in the vault; hosts' mesh nodes authorise them)");

        var addName = new Argument<string>("NAME") { Description = "Client name (lowercase letters, digits, '-', '_')" };
        var add = new Command("add", "Create a mesh client key, sealed to the team (one commit)") { addName };
        add.SetAction(VaultCli.Action(pr =>
        {
            var c = MeshClientOperations.Add(VaultCli.Open(pr, vault), pr.GetValue(addName)!);
            var o = VaultCli.Out(pr);
            o.WriteLine($"added mesh client {c.Name}; public key {c.PublicKey}");
            o.WriteLine("next: oniongroove render (hosts authorise it on the next ansible-playbook run), then for each host: "
                + $"oniongroove mesh-client token {c.Name} HOST_ADDRESS | oniongroove mesh remote add HOST -");
            return ExitCodes.Ok;
        }));

        var rmName = new Argument<string>("NAME") { Description = "Client name" };
        var remove = new Command("remove", "Remove a mesh client key (hosts refuse it after the next ansible-playbook run)") { rmName };
        remove.SetAction(VaultCli.Action(pr =>
        {
            MeshClientOperations.Remove(VaultCli.Open(pr, vault), pr.GetValue(rmName)!);
            VaultCli.Out(pr).WriteLine($"removed mesh client {pr.GetValue(rmName)}");
            return ExitCodes.Ok;
        }));

        var rotName = new Argument<string>("NAME") { Description = "Client name" };
        var rotate = new Command("rotate", "Give a mesh client a new key (one commit)") { rotName };
        rotate.SetAction(VaultCli.Action(pr =>
        {
            var c = MeshClientOperations.Rotate(VaultCli.Open(pr, vault), pr.GetValue(rotName)!);
            VaultCli.Out(pr).WriteLine($"rotated mesh client {c.Name}; new public key {c.PublicKey}");
            return ExitCodes.Ok;
        }));

        var json = VaultCli.JsonOption();
        var list = new Command("list", "The mesh client keys (names and public keys)") { json };
        list.SetAction(VaultCli.Action(pr =>
        {
            var clients = VaultCli.Open(pr, vault).Manifest.MeshClients;
            if (pr.GetValue(json))
                VaultCli.WriteJson(pr, clients.Select(c => new { name = c.Name, public_key = c.PublicKey, sealed_to = c.Secret.SealedTo }).ToList());
            else
                foreach (var c in clients) VaultCli.Out(pr).WriteLine($"{c.Name}  {c.PublicKey}");
            return ExitCodes.Ok;
        }));

        var tokName = new Argument<string>("NAME") { Description = "Client name" };
        var tokAddress = new Argument<string>("ADDRESS") { Description = "The host's mesh address (its `mesh status` or the role's address file)" };
        var token = new Command("token", "Print a mesh token for a host's address with this client's key (secret: pipe it into `oniongroove mesh remote add HOST -`)") { tokName, tokAddress };
        token.SetAction(VaultCli.Action(pr =>
        {
            var text = pr.GetValue(tokAddress)!.Trim();
            if (!OnionAddress.TryParse(text.EndsWith(".onion", StringComparison.Ordinal) ? text : text + ".onion", out var address, out var error))
                throw new OnionGroove.Vault.VaultException(OnionGroove.Vault.VaultErrorKind.Usage, $"ADDRESS: not a v3 onion address: {error}");
            var key = MeshClientOperations.OpenKey(VaultCli.Open(pr, vault), pr.GetValue(tokName)!, VaultCli.Identities(pr, identity));
            using var t = new MeshToken(address, key);
            VaultCli.Out(pr).WriteLine(t.Export());
            return ExitCodes.Ok;
        }));

        cmd.Subcommands.Add(add);
        cmd.Subcommands.Add(remove);
        cmd.Subcommands.Add(rotate);
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(token);
        return cmd;
    }
}
