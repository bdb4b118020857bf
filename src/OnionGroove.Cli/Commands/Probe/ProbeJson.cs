using OnionGroove.Probe;
using OnionGroove.Probe.Checks;

namespace OnionGroove.Cli.Commands.Probe;

/// <summary>The `--json` shape of a probe round (docs/probe.md): enums as lower-case words.</summary>
internal static class ProbeJson
{
    public static object Of(ProbeRound round) => new
    {
        verdict = Word(round.Worst),
        max_descriptor_size = round.MaxDescriptorSize,
        sites = round.Reports.Select(r => new
        {
            name = r.Name,
            address = r.Address,
            verdict = Word(r.Verdict),
            reasons = r.Reasons,
            probed_at = r.ProbedAt,
            duration_seconds = r.DurationSeconds,
            time_period = r.TimePeriod,
            hsdirs = r.HsDirs.Select(h => new
            {
                fingerprint = h.Fingerprint,
                clients_fetch = h.ClientsFetchHere,
                answered = h.Answered,
                usable = h.Usable,
                latency_seconds = h.LatencySeconds,
                revision_counter = h.RevisionCounter,
                error = h.Error,
                checks = h.Descriptor is null ? null : Checks(h.Descriptor),
            }),
            descriptor = r.Descriptor is not { } d ? null : new
            {
                usable = d.Usable,
                facts = d.Facts,
                checks = Checks(d),
            },
            fetches = r.Fetches,
        }),
    };

    private static IEnumerable<object> Checks(DescriptorReview d) =>
        d.Checks.Select(c => new { name = c.Name, status = c.Status.ToString().ToLowerInvariant(), detail = c.Detail });

    private static string Word(Verdict v) => v.ToString().ToLowerInvariant();
}
