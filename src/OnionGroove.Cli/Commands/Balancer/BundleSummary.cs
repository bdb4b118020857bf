using OnionGroove.Balancer.Signing;

namespace OnionGroove.Cli.Commands.Balancer;

/// <summary>The public facts of a service's signing bundle for <c>balancer check</c> (text and --json):
/// never the seeds or the certificates.</summary>
internal sealed record BundleSummary(string File, long FirstPeriod, long LastPeriod, DateTimeOffset RunsOut,
    DateTimeOffset FullyCoversUntil, double RemainingDays)
{
    /// <summary>Null for a service signing with its identity key.</summary>
    public static BundleSummary? Of(FrontendSigner signer, DateTimeOffset now) => signer is BundleSigner b
        ? new BundleSummary(b.Path, b.Bundle.First.Number, b.Bundle.Last.Number, b.Bundle.CoversUntil, b.Bundle.FullyCoversUntil,
            Math.Round(b.Bundle.Remaining(now).TotalDays, 2))
        : null;

    public object ToJson() => new
    {
        file = File, first_period = FirstPeriod, last_period = LastPeriod, runs_out = RunsOut,
        fully_covers_until = FullyCoversUntil, remaining_days = RemainingDays,
    };
}
