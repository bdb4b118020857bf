namespace OnionGroove.Probe;

/// <summary>One round over every site, with the consensus' descriptor size limit when it was read.</summary>
public sealed record ProbeRound(IReadOnlyList<SiteReport> Reports, int? MaxDescriptorSize)
{
    /// <summary>The worst verdict of the round (Ok for no sites).</summary>
    public Verdict Worst => Reports.Count == 0 ? Verdict.Ok : Reports.Max(r => r.Verdict);
}
