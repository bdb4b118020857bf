namespace OnionGroove.Control.Launch;

/// <summary>Why a tor did not start or did not become ready.</summary>
public enum TorLaunchFailureKind
{
    /// <summary>The binary could not be run at all (missing, not executable).</summary>
    CannotRun,
    /// <summary>tor exited before it was ready: usually a torrc it refuses.</summary>
    Exited,
    /// <summary>tor kept running but was not ready in time.</summary>
    TimedOut,
}

/// <summary>A tor that did not start: what happened, with tor's own complaint (its [err]/[warn]
/// lines) in <see cref="Message"/> and the end of its output and log in <see cref="Log"/>.</summary>
public sealed record TorLaunchFailure(TorLaunchFailureKind Kind, string Message, string Log)
{
    public override string ToString() => Log.Length == 0 ? Message : Message + "\n" + Log;
}
