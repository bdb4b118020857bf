using OnionGroove.Balancer.Publishing;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Tests;

/// <summary>The ledger's second clock: how long an HSDir has left posts unanswered, measured from
/// the first one (each newer post restarts the per-upload timer, so a hanging HSDir that keeps
/// getting new descriptors would otherwise never time out).</summary>
public class UploadLedgerUnansweredTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly HsDirId Silent = HsDirId.Parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    private static readonly HsDirId Other = HsDirId.Parse("BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    private static readonly TimePeriod P1 = new(1), P2 = new(2);

    private static UploadLedger Ledger() => new(new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)), TimeSpan.FromMinutes(10));

    [Fact]
    public void Silence_counts_from_the_first_unanswered_post_and_fails_every_pending_upload_there_once()
    {
        var ledger = Ledger();
        ledger.MarkPosted(P1, Silent, new(1), T0);
        ledger.MarkPosted(P2, Silent, new(1), T0.AddSeconds(1));
        ledger.MarkPosted(P1, Silent, new(2), T0.AddSeconds(20)); // a newer descriptor: the per-upload timer restarts
        ledger.MarkPosted(P1, Other, new(2), T0.AddSeconds(20));
        Assert.False(ledger.AnyUnansweredLongerThan(Timeout, T0.AddSeconds(30)));
        Assert.True(ledger.AnyUnansweredLongerThan(Timeout, T0.AddSeconds(31)));

        Assert.Equal([Silent], ledger.ExpireUnanswered(Timeout, T0.AddSeconds(31)));
        var silent = ledger.Snapshot().Where(e => e.HsDir == Silent).ToList();
        Assert.Equal(2, silent.Count);
        Assert.All(silent, e => Assert.Equal(UploadLedger.State.Failed, e.State));
        Assert.All(silent, e => Assert.Equal("no answer within 30 s", e.LastFailure));
        Assert.Equal(2, ledger.StatsByHsDir()[Silent].Failures);
        Assert.Equal(UploadLedger.State.Pending, ledger.Snapshot().Single(e => e.HsDir == Other).State);

        // Counted once: the silent HSDir's clock starts again with its next post; the other one's
        // (first post at 20 s) runs out later.
        Assert.Empty(ledger.ExpireUnanswered(Timeout, T0.AddSeconds(50)));
        Assert.Equal([Other], ledger.ExpireUnanswered(Timeout, T0.AddSeconds(51)));
        Assert.Equal(2, ledger.StatsByHsDir()[Silent].Failures);
    }

    [Fact]
    public void An_answer_stops_the_clock()
    {
        var ledger = Ledger();
        ledger.MarkPosted(P1, Silent, new(1), T0);
        ledger.MarkPosted(P1, Other, new(1), T0);
        ledger.OnUploaded(Silent, T0.AddSeconds(5));
        ledger.OnFailed(Other, "UNEXPECTED", T0.AddSeconds(5));
        Assert.False(ledger.AnyUnansweredLongerThan(Timeout, T0.AddMinutes(5)));
        Assert.Empty(ledger.ExpireUnanswered(Timeout, T0.AddMinutes(5)));
        Assert.Equal(1, ledger.StatsByHsDir()[Other].Failures); // the answer's failure, not a second one
    }

    [Fact]
    public void Uploads_the_per_upload_timer_already_failed_are_not_failed_again()
    {
        var ledger = new UploadLedger(Backoff.Default, Timeout);
        ledger.MarkPosted(P1, Silent, new(1), T0);
        Assert.Empty(ledger.DueForRetry(T0.AddSeconds(31))); // fails it ("no answer from tor"), backoff pending
        Assert.Equal(1, ledger.StatsByHsDir()[Silent].Failures);
        Assert.True(ledger.AnyUnansweredLongerThan(Timeout, T0.AddSeconds(31)));
        Assert.Empty(ledger.ExpireUnanswered(Timeout, T0.AddSeconds(31)));
        Assert.Equal(1, ledger.StatsByHsDir()[Silent].Failures);
        Assert.False(ledger.AnyUnansweredLongerThan(Timeout, T0.AddSeconds(31)));
    }
}
