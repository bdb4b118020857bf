namespace OnionGroove.Balancer.Publishing;

/// <summary>Why a service needs planning, most urgent first: the planner serves services in this
/// order, and only <see cref="LiveSetChanged"/> may use the uploads in flight kept free for it
/// (<see cref="UploadBudget"/>).</summary>
internal enum PublishUrgency
{
    /// <summary>Descriptors are out on the HSDirs and now list a backend that died (or miss one
    /// that came back), or a backend changed its PoW seed or effort: visitors are being sent to
    /// intro points that fail or to a puzzle that no longer matches.</summary>
    LiveSetChanged,

    /// <summary>Never published, a period without a descriptor yet, or the responsible HSDirs
    /// changed. With many sites this is most of them at start-up and at every new period, so it
    /// must not hold back <see cref="LiveSetChanged"/>.</summary>
    Unpublished,

    /// <summary>A configuration reload or a tor reconnection asked for everything again.</summary>
    Forced,

    /// <summary>A periodic refresh, a retry after backoff, or an upload tor left unanswered.</summary>
    Routine,
}
