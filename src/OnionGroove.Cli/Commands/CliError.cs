namespace OnionGroove.Cli.Commands;

/// <summary>A failure to report to the user as one line (plus optional hints) with an exit code.</summary>
public sealed class CliError(int exitCode, string message, params string[] hints) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
    public IReadOnlyList<string> Hints { get; } = hints;
}
