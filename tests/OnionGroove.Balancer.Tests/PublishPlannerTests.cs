using OnionGroove.Balancer.Backends;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Publishing;
using OnionGroove.Balancer.Selection;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using static OnionGroove.Balancer.Tests.EngineTestKit;

namespace OnionGroove.Balancer.Tests;

/// <summary>The publish planner on its own, with the backend tracker it reads: uploads follow changes
/// of the HSDir set, and an HSDir that never answers goes into backoff and is retried alone.</summary>
public class PublishPlannerTests
{
    private static readonly BalancerTimings Timings = BalancerTimings.TestNetwork;

    private sealed record Setup(PublishPlanner Planner, BackendTracker Backends, ServiceState Service, List<string> Log) : IDisposable
    {
        public IReadOnlyList<PublishJob> Plan(INetworkView view, DateTimeOffset now) => Planner.Plan([Service], Backends, view, Timings, now);
        public void Dispose() => Service.Keys.Dispose();
    }

    private static Setup Make()
    {
        var log = new List<string>();
        var codec = new DescriptorCodec();
        var backends = new BackendTracker(codec, log.Add);
        using var frontend = IdentitySecretKey.Generate();
        using var backend = IdentitySecretKey.Generate();
        var config = ConfigFor([backend]);
        var keys = KeysFor(frontend);
        var service = new ServiceState(Id(frontend), config, keys, new UploadLedger(Backoff.Default, Timings.UploadTimeout));
        backends.Configure(service.Id, config, keys);
        Assert.True(backends.OnDescriptorContent(Id(backend), BackendDescriptorText(backend, [RandomIntro(1), RandomIntro(2)]), EightHsDirs(), Now, Timings.BackendStaleAfter));
        return new Setup(new PublishPlanner(codec, log.Add, new Random(1)), backends, service, log);
    }

    private static void ConfirmAll(Setup s, IEnumerable<PublishJob> jobs, DateTimeOffset at, Func<Descriptors.HsDir.HsDirId, bool>? except = null)
    {
        foreach (var j in jobs)
            foreach (var h in j.HsDirs)
                if (except?.Invoke(h) != true) s.Service.Ledger.OnUploaded(h, at);
    }

    [Fact]
    public void A_new_hsdir_set_is_uploaded_to_and_an_unchanged_one_is_left_alone()
    {
        using var s = Make();
        var before = EightHsDirs();
        var jobs = s.Plan(before, Now);
        Assert.Equal(2, jobs.Count);
        ConfirmAll(s, jobs, Now);
        Assert.Empty(s.Plan(EightHsDirs(), Now.AddSeconds(5))); // another view object, the same HSDirs

        // One HSDir leaves the ring, another joins.
        var after = new FixedView([.. Enumerable.Range(1, 8).Select(i => new HsDirTarget(HsDir(i), 0, i - 1, i % 4 != 3))]);
        var again = s.Plan(after, Now.AddSeconds(10));
        Assert.Equal(2, again.Count);
        Assert.All(again, j => Assert.Contains(HsDir(8), j.HsDirs));
        Assert.All(again, j => Assert.DoesNotContain(HsDir(0), j.HsDirs));
        Assert.Equal(2, s.Log.Count(l => l.Contains("HSDir set changed")));
    }

    [Fact]
    public void An_hsdir_that_never_answers_goes_into_backoff_and_is_retried_alone_with_the_same_descriptor()
    {
        using var s = Make();
        var view = EightHsDirs();
        var jobs = s.Plan(view, Now);
        var silent = jobs[0].HsDirs[0];
        ConfirmAll(s, jobs, Now.AddSeconds(1), except: h => h == silent);
        Assert.Empty(s.Plan(view, Now.AddSeconds(2)));

        var timedOut = Now + Timings.UploadTimeout + TimeSpan.FromSeconds(1);
        Assert.Empty(s.Plan(view, timedOut)); // in backoff now, not retried at once
        Assert.Single(s.Log, l => l.Contains($"no answer from HSDir {silent}"));
        Assert.All(s.Service.Ledger.Snapshot().Where(e => e.HsDir == silent), e => Assert.Equal(UploadLedger.State.Failed, e.State));

        var retries = s.Plan(view, timedOut + TimeSpan.FromSeconds(7)); // past the first backoff (5 s ± 20 %)
        Assert.Equal(2, retries.Count); // both periods' descriptors were pending there
        Assert.All(retries, r => Assert.Equal([silent], r.HsDirs));
        Assert.All(retries, r => Assert.Equal(jobs.Single(j => j.Period == r.Period).Descriptor, r.Descriptor));
        Assert.Equal(2, s.Planner.Attempts(s.Service.Id, silent).Count(t => t > Now));
    }
}
