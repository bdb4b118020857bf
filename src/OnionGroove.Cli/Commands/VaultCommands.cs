using System.CommandLine;

namespace OnionGroove.Cli.Commands;

/// <summary>Vault nouns: init, team, site, backend, audit, sync, export (placeholder).</summary>
public static class VaultCommands
{
    public static IEnumerable<Command> Create() => [];
}
