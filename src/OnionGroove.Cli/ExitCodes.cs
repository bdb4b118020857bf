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
    /// <summary>`probe`: every site is reachable, but one needs attention (an HSDir without the
    /// descriptor, a descriptor warning, a server error, a certificate running out or not for the name).</summary>
    public const int ProbeDegraded = 10;
    /// <summary>`probe`: a site cannot be reached (no usable descriptor on any HSDir, or no answer).</summary>
    public const int ProbeUnreachable = 11;
    /// <summary>`doctor`: a check failed (each ✗ says how to fix it).</summary>
    public const int DoctorFailed = 12;
    /// <summary>Interrupted (Ctrl-C / SIGINT), by shell convention 128 + 2.</summary>
    public const int Interrupted = 130;
}
