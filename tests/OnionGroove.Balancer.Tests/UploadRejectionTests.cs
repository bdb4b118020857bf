using OnionGroove.Balancer.Publishing;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Tests;

/// <summary>An HSDir that refuses a descriptor holds one at least as new: seen on the private
/// network when two uploads of one period raced (the newer arrived first) and when two balancer
/// hosts share a key. Retrying the same bytes was refused again at every backoff step.</summary>
public class UploadRejectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly HsDirId Dir = HsDirId.Parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    [Fact]
    public void A_rejected_upload_is_not_retried_but_other_failures_are()
    {
        var ledger = new UploadLedger(Backoff.Default, TimeSpan.FromSeconds(30));
        ledger.MarkPosted(new TimePeriod(1), Dir, new(100), T0);
        ledger.OnFailed(HsDirId.Parse("$" + Dir + "~relay"), UploadLedger.RejectedReason, T0.AddSeconds(1));
        Assert.Empty(ledger.DueForRetry(T0.AddMinutes(10)));
        Assert.Null(ledger.NextRetryAt());
        var e = Assert.Single(ledger.Snapshot());
        Assert.Equal(UploadLedger.State.Rejected, e.State);
        var stats = ledger.StatsByHsDir()[Dir];
        Assert.Equal(1, stats.Failures);
        Assert.Equal(1, stats.Rejections);

        // A new descriptor for that HSDir is tracked (and retried on ordinary failures) as before.
        ledger.MarkPosted(new TimePeriod(1), Dir, new(200), T0.AddSeconds(60));
        ledger.OnFailed(Dir, "UNEXPECTED", T0.AddSeconds(61));
        Assert.Equal(200UL, Assert.Single(ledger.DueForRetry(T0.AddMinutes(10))).Revision.Value);
        Assert.Equal(1, ledger.StatsByHsDir()[Dir].Rejections);
    }
}
