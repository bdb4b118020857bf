using System.CommandLine;
using OnionGroove.Vault.Operations;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove team add | remove | list`.</summary>
internal static class TeamCommand
{
    public static Command Create(Option<string?> vault, Option<string[]> identity)
    {
        var team = new Command("team", "Manage who can read the vault; every change re-seals all secrets to exactly the team");
        team.Subcommands.Add(Add(vault, identity));
        team.Subcommands.Add(Remove(vault, identity));
        team.Subcommands.Add(List(vault));
        return team;
    }

    private static Command Add(Option<string?> vault, Option<string[]> identity)
    {
        var name = new Argument<string>("NAME") { Description = "Member name (lowercase letters, digits, '-', '_')" };
        var recipient = new Argument<string>("RECIPIENT") { Description = "age1… recipient or \"ssh-ed25519 AAAA… comment\" (quote it)" };
        var cmd = new Command("add", "Add a member and re-seal every secret to the new team (one commit)") { name, recipient };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var v = VaultCli.Open(pr, vault);
            var ids = v.Manifest.Sites.Count > 0 ? VaultCli.Identities(pr, identity) : [];
            var n = TeamOperations.Add(v, pr.GetValue(name)!, pr.GetValue(recipient)!, ids);
            VaultCli.Out(pr).WriteLine($"added {pr.GetValue(name)}; re-sealed {n} secret(s) to {v.Manifest.Team.Count} member(s)");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Remove(Option<string?> vault, Option<string[]> identity)
    {
        var name = new Argument<string>("NAME") { Description = "Member to remove" };
        var rotate = new Option<bool>("--rotate") { Description = "Also give every backend and client key the member could read a new key (same commit)" };
        var noRotate = new Option<bool>("--no-rotate") { Description = "Do not rotate and do not ask" };
        var cmd = new Command("remove", "Remove a member, re-seal every secret to the rest, and list (or rotate) what they could read") { name, rotate, noRotate };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var v = VaultCli.Open(pr, vault);
            var member = pr.GetValue(name)!;
            var o = VaultCli.Out(pr);
            var doRotate = pr.GetValue(rotate);
            if (doRotate && pr.GetValue(noRotate)) throw new CliError(ExitCodes.Usage, "--rotate and --no-rotate exclude each other");
            var rotatable = TeamOperations.ExposedTo(v.Manifest, member).Count(e => e.CanRotate);
            if (!doRotate && !pr.GetValue(noRotate) && rotatable > 0 && !Console.IsInputRedirected && ReferenceEquals(o, Console.Out))
            {
                o.Write($"{member} could read {rotatable} backend/client key(s). Rotate them now (new backend addresses, new client files)? [y/N] ");
                doRotate = Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
            }
            var ids = VaultCli.Identities(pr, identity);
            var result = TeamOperations.Remove(v, member, ids, doRotate);
            o.WriteLine($"removed {member}; every secret is now sealed to: {string.Join(", ", v.Manifest.Team.Select(m => m.Name))}");
            if (result.Exposed.Count == 0) return ExitCodes.Ok;
            o.WriteLine($"{member} could read these secrets, and git history keeps those old ciphertexts:");
            foreach (var e in result.Exposed)
                o.WriteLine($"  {e.Label,-32} {(result.Rotated.Contains(e.Label) ? "rotated (new key)" : e.CanRotate ? "NOT rotated" : "cannot rotate")}");
            foreach (var e in result.NotRotated.Where(e => !e.CanRotate))
                o.WriteLine($"warning: {e.Label} is the address {e.Site.Address} itself; it cannot rotate without moving the site to a new onion address. {member} can still impersonate it.");
            var pending = result.NotRotated.Where(e => e.CanRotate).ToList();
            if (pending.Count > 0)
                o.WriteLine("to rotate the rest: " + string.Join("; ", pending.Select(e =>
                    e.Kind == OnionGroove.Vault.Manifest.SecretKind.MeshClient ? $"oniongroove mesh-client rotate {e.Name}"
                    : $"oniongroove {(e.Kind == OnionGroove.Vault.Manifest.SecretKind.Backend ? "backend" : "client")} rotate {e.Site.Name} {e.Name}")));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command List(Option<string?> vault)
    {
        var json = VaultCli.JsonOption();
        var cmd = new Command("list", "List team members and their recipients") { json };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var v = VaultCli.Open(pr, vault);
            if (pr.GetValue(json))
            {
                VaultCli.WriteJson(pr, v.Manifest.Team.Select(m => new { name = m.Name, recipient = m.Recipient }).ToList());
                return ExitCodes.Ok;
            }
            var o = VaultCli.Out(pr);
            if (v.Manifest.Team.Count == 0) o.WriteLine("the team is empty (oniongroove team add NAME RECIPIENT)");
            foreach (var m in v.Manifest.Team) o.WriteLine($"{m.Name,-20} {m.Recipient}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
