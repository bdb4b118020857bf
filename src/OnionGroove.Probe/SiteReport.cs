using OnionGroove.Probe.Checks;
using OnionGroove.Probe.Network;
using OnionGroove.Probe.Site;

namespace OnionGroove.Probe;

/// <summary>Everything one probe of one site found. <see cref="Descriptor"/> is the review of the
/// newest usable descriptor served (else of the newest served at all).</summary>
public sealed record SiteReport(
    string Name,
    string Address,
    DateTimeOffset ProbedAt,
    long? TimePeriod,
    IReadOnlyList<HsDirResult> HsDirs,
    DescriptorReview? Descriptor,
    IReadOnlyList<SiteResult> Fetches,
    Verdict Verdict,
    IReadOnlyList<string> Reasons)
{
    public double DurationSeconds { get; init; }
}
