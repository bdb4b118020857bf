using System.CommandLine;
using OnionGroove.Cli.Commands.Vault;

namespace OnionGroove.Cli.Commands;

/// <summary>Vault nouns: init, team, site, backend, client, mesh-client, audit, sync, export (see docs/vault.md).</summary>
public static class VaultCommands
{
    public static IEnumerable<Command> Create()
    {
        // An option object belongs to one command, so each noun gets its own --vault (and
        // --identity where secrets are decrypted); both are recursive to the subcommands.
        yield return InitCommand.Create();
        yield return WithOptions(v => TeamCommand.Create(v.Vault, v.Identity!), identity: true);
        yield return WithOptions(v => SiteCommand.Create(v.Vault), identity: false);
        yield return WithOptions(v => BackendCommand.Create(v.Vault), identity: false);
        yield return WithOptions(v => ClientCommand.Create(v.Vault), identity: false);
        yield return WithOptions(v => MeshClientCommand.Create(v.Vault, v.Identity!), identity: true);
        yield return WithOptions(v => AuditCommand.Create(v.Vault, v.Identity!), identity: true);
        yield return WithOptions(v => SyncCommand.Create(v.Vault), identity: false);
        yield return WithOptions(v => ExportCommand.Create(v.Vault, v.Identity!), identity: true);
    }

    private sealed record SharedOptions(Option<string?> Vault, Option<string[]>? Identity);

    private static Command WithOptions(Func<SharedOptions, Command> make, bool identity)
    {
        var options = new SharedOptions(VaultCli.VaultOption(), identity ? VaultCli.IdentityOption() : null);
        var cmd = make(options);
        cmd.Options.Add(options.Vault);
        if (options.Identity is not null) cmd.Options.Add(options.Identity);
        return cmd;
    }
}
