namespace OnionGroove.Cli;

/// <summary>Process exit codes; stable, documented in the README's CLI reference.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>An operation failed for a reason not covered below.</summary>
    public const int Failure = 1;
    /// <summary>The command line was wrong (unknown option, bad value, bad prefix).</summary>
    public const int Usage = 2;
    /// <summary>An input file or document is malformed, truncated or tampered with.</summary>
    public const int BadInput = 3;
    /// <summary>No identity could decrypt a secret, or the identity was wrong.</summary>
    public const int NoIdentity = 4;
    /// <summary>tor, git or another program we drive failed or could not be reached.</summary>
    public const int External = 5;
    /// <summary>A git conflict or concurrent edit needs a person's decision.</summary>
    public const int Conflict = 6;
    /// <summary>Interrupted (Ctrl-C / SIGINT), by shell convention 128 + 2.</summary>
    public const int Interrupted = 130;
}
