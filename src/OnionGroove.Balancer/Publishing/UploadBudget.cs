namespace OnionGroove.Balancer.Publishing;

/// <summary>How many uploads (one descriptor to one HSDir) the balancer leaves in tor's hands at
/// once, counted from the HSPOST until tor's <c>HS_DESC UPLOADED</c>/<c>FAILED</c> for that HSDir
/// or the upload timeout (<see cref="UploadLedger.InFlight"/>).</summary>
/// <remarks>tor starts every upload it is handed at once (each needs a circuit ending at its
/// HSDir) and answers in whatever order they finish. Measured with 1000 sites: the first minute of
/// first publication handed tor ~1,500 uploads, after which planning slowed to a few sites a
/// minute; anything urgent handed over then queues behind that backlog. Routine work (first publication, HSDir changes, forced
/// republishes, refreshes, retries) therefore stops at <see cref="MaxInFlight"/> less
/// <see cref="ReservedForLiveSetChanges"/>; a change of a service's live backends may use the
/// reserve too, so it never waits for routine uploads to drain and never queues behind more than
/// that many of them.</remarks>
internal static class UploadBudget
{
    /// <summary>Uploads in flight at most. 48 routine ones answered within 2–5 s each (the private
    /// network's figures) carry 10–24 uploads a second; 1000 sites on the live network need about
    /// 4.5 a second (2 descriptors × 8 HSDirs, refreshed hourly).</summary>
    public const int MaxInFlight = 64;

    /// <summary>Kept for <see cref="PublishUrgency.LiveSetChanged"/>: one service's two descriptors
    /// to 8 HSDirs each.</summary>
    public const int ReservedForLiveSetChanges = 16;

    /// <summary>Planning for a service of this urgency starts only while fewer uploads than this are in flight.</summary>
    public static int LimitFor(PublishUrgency urgency) =>
        urgency == PublishUrgency.LiveSetChanged ? MaxInFlight : MaxInFlight - ReservedForLiveSetChanges;
}
