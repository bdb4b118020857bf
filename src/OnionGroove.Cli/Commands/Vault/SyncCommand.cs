using System.CommandLine;
using OnionGroove.Vault.Operations;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove sync`: git pull --rebase, then push; exit 6 on a conflict.</summary>
internal static class SyncCommand
{
    public static Command Create(Option<string?> vault)
    {
        var remote = new Option<string?>("--remote") { Description = "git remote to sync with (default: the branch's upstream, else origin)" };
        var cmd = new Command("sync", "Share vault changes: git pull --rebase from the team remote, then push") { remote };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var v = VaultCli.Open(pr, vault);
            var r = VaultSync.Run(v, pr.GetValue(remote));
            VaultCli.Out(pr).WriteLine($"synced {r.Branch} with {r.Remote}: pulled {r.Pulled} commit(s), pushed {r.Pushed} commit(s)");
            foreach (var n in r.Notes) VaultCli.Err(pr).WriteLine($"oniongroove: note: {n}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
