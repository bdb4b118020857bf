using System.CommandLine;

namespace OnionGroove.Cli.Commands;

/// <summary>Deployment nouns: render, host (placeholder).</summary>
public static class DeployCommands
{
    public static IEnumerable<Command> Create() => [];
}
