namespace OnionGroove.Control.HsFetch;

public enum HsFetchErrorKind
{
    /// <summary>tor rejected SETEVENTS or HSFETCH (e.g. no usable consensus, unknown HSDir).</summary>
    Refused,
    /// <summary>The asked HSDir answered without a descriptor (HS_DESC FAILED, or empty content).</summary>
    Failed,
    /// <summary>No descriptor arrived before the deadline.</summary>
    TimedOut,
    /// <summary>tor closed the control connection before the descriptor arrived.</summary>
    ConnectionClosed,
}

/// <summary>Why no descriptor came back: the kind, and tor's words for it (its refusal, or the
/// HS_DESC FAILED REASON).</summary>
public sealed record HsFetchError(HsFetchErrorKind Kind, string Detail)
{
    public override string ToString() => $"{Kind}: {Detail}";
}
