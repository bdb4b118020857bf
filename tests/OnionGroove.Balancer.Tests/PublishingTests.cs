using OnionGroove.Balancer.Publishing;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Tests;

public class PublishingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly HsDirId Dir1 = HsDirId.Parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    private static readonly HsDirId Dir2 = HsDirId.Parse("BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    private static readonly TimePeriod P7 = new(7), P8 = new(8), P1 = new(1);

    [Fact]
    public void Upload_counts_only_when_tor_confirms_and_failures_retry_with_backoff()
    {
        var ledger = new UploadLedger(new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)), TimeSpan.FromSeconds(60));
        ledger.MarkPosted(P7, Dir1, new(100), T0);
        ledger.MarkPosted(P7, Dir2, new(100), T0);
        Assert.Null(ledger.LastSuccess);
        Assert.All(ledger.Snapshot(), e => Assert.Equal(UploadLedger.State.Pending, e.State));

        ledger.OnUploaded(HsDirId.Parse("$" + Dir1 + "~relay1"), T0.AddSeconds(2));
        ledger.OnFailed(HsDirId.Parse(Dir2.ToString().ToLowerInvariant()), "UNEXPECTED", T0.AddSeconds(3));
        Assert.Equal(T0.AddSeconds(2), ledger.LastSuccess);
        var snap = ledger.Snapshot().ToDictionary(e => e.HsDir);
        Assert.Equal(UploadLedger.State.Uploaded, snap[Dir1].State);
        Assert.Equal(UploadLedger.State.Failed, snap[Dir2].State);
        Assert.Equal("UNEXPECTED", snap[Dir2].LastFailure);

        Assert.Empty(ledger.DueForRetry(T0.AddSeconds(4)));
        var due = Assert.Single(ledger.DueForRetry(T0.AddSeconds(20)));
        Assert.Equal(Dir2, due.HsDir);

        // Second failure: the delay doubles (10 s ± 20 % then 20 s ± 20 %).
        ledger.MarkPosted(P7, Dir2, new(101), T0.AddSeconds(20));
        ledger.OnFailed(Dir2, "UNEXPECTED", T0.AddSeconds(21));
        Assert.Empty(ledger.DueForRetry(T0.AddSeconds(21 + 15)));
        Assert.Single(ledger.DueForRetry(T0.AddSeconds(21 + 25)));

        var stats = ledger.StatsByHsDir();
        Assert.Equal(1, stats[Dir1].Uploads);
        Assert.Equal(2, stats[Dir2].Failures);
    }

    [Fact]
    public void Silence_from_tor_counts_as_a_failure()
    {
        var ledger = new UploadLedger(new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(30));
        ledger.MarkPosted(P1, Dir1, new(5), T0);
        Assert.Empty(ledger.DueForRetry(T0.AddSeconds(29)));
        Assert.Equal(T0.AddSeconds(30), ledger.NextRetryAt());
        Assert.Empty(ledger.DueForRetry(T0.AddSeconds(31)));
        Assert.Single(ledger.DueForRetry(T0.AddSeconds(33)));
        Assert.Equal("no answer from tor", ledger.Snapshot()[0].LastFailure);
    }

    [Fact]
    public void Results_match_the_oldest_pending_upload_to_that_hsdir()
    {
        var ledger = new UploadLedger(Backoff.Default, TimeSpan.FromMinutes(1));
        ledger.MarkPosted(P7, Dir1, new(1), T0);
        ledger.MarkPosted(P8, Dir1, new(2), T0.AddSeconds(1));
        ledger.OnUploaded(Dir1, T0.AddSeconds(2));
        var byPeriod = ledger.Snapshot().ToDictionary(e => e.Period);
        Assert.Equal(UploadLedger.State.Uploaded, byPeriod[P7].State);
        Assert.Equal(UploadLedger.State.Pending, byPeriod[P8].State);
        ledger.ForgetPeriodsBefore(P8);
        Assert.Equal(P8, Assert.Single(ledger.Snapshot()).Period);
    }

    [Fact]
    public void Backoff_grows_and_is_capped()
    {
        var b = new Backoff(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
        var rng = new Random(1);
        Assert.Equal(TimeSpan.Zero, b.Delay(0));
        Assert.InRange(b.Delay(1, rng).TotalSeconds, 4, 6);
        Assert.InRange(b.Delay(3, rng).TotalSeconds, 16, 24);
        Assert.InRange(b.Delay(50, rng).TotalSeconds, 48, 72);
    }
}
