using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Publishing;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Crypto.Keys;
using static OnionGroove.Balancer.Tests.EngineTestKit;

namespace OnionGroove.Balancer.Tests;

/// <summary>Which uploads go first with many sites, and how many the balancer leaves in tor's hands:
/// a published site whose backend died goes before the first publication of a thousand others, and
/// routine uploads stop at the in-flight limit (freed by tor's answers and by the upload timeout)
/// while a change of live backends may still go. The 1000-site benchmark once kept a dead backend
/// advertised for over 5 minutes behind first publications (docs/capacity.md, section 3).</summary>
public class UploadBudgetTests
{
    private static readonly BalancerTimings Timings = BalancerTimings.TestNetwork;

    /// <summary>An engine with 2 backends (<paramref name="b0"/> probed by the first site only).</summary>
    private sealed class Farm : IDisposable
    {
        public readonly BalancerEngine Engine = new(new DescriptorCodec(), Timings, _ => { });
        public readonly IdentitySecretKey B0 = IdentitySecretKey.Generate(), B1 = IdentitySecretKey.Generate();
        public readonly FixedView View = EightHsDirs();
        private readonly List<(ServiceConfig, ServiceKeys)> _services = [];
        private readonly Dictionary<ServiceId, string> _texts;

        public Farm()
        {
            _texts = new[] { B0, B1 }.ToDictionary(Id, b => HsDescriptorBuilder.Build(b, Period,
                [.. Enumerable.Range(0, 3).Select(RandomIntro)], new DescriptorBuildOptions { RevisionCounter = new RevisionCounter(1), Now = Now }).Value.AsString());
        }

        public ServiceId Watcher => _services[0].Item2.ServiceId;

        /// <summary>Adds <paramref name="count"/> sites listing both backends (the very first with health checks) and
        /// lets every site see both backends' descriptors.</summary>
        public IReadOnlyList<ServiceId> AddSites(int count, DateTimeOffset now)
        {
            InstanceConfig[] instances = [new(3, B0.Address.ServiceId, "web1", null), new(4, B1.Address.ServiceId, "web2", null)];
            var added = new List<ServiceId>();
            for (var i = 0; i < count; i++)
            {
                using var k = IdentitySecretKey.Generate();
                var expanded = new byte[64];
                k.ExportExpanded(expanded);
                var n = _services.Count;
                var cfg = new ServiceConfig(1 + n, $"/k{n}", instances, [], false, 0, 20,
                    n == 0 ? new HealthCheckConfig(80, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), 1) : null);
                var keys = new ServiceKeys { Signer = Signing.FrontendSigner.FromIdentity(IdentitySecretKey.FromExpanded(expanded)), AuthorizedClients = [], BackendClientKeys = new Dictionary<ServiceId, ClientAuthSecretKey>() };
                _services.Add((cfg, keys));
                added.Add(keys.ServiceId);
            }
            Engine.ApplyConfig(_services);
            foreach (var (id, text) in _texts) Engine.OnDescriptorContent(id, text, View, now);
            return added;
        }

        /// <summary>Plans rounds one second apart, answering every upload, until nothing is left.</summary>
        public DateTimeOffset PublishEverything(DateTimeOffset t)
        {
            for (var jobs = Engine.PlanPublishes(View, t); jobs.Count > 0; jobs = Engine.PlanPublishes(View, t))
            {
                Answer(jobs, t);
                t = t.AddSeconds(1);
            }
            return t;
        }

        public void Answer(IEnumerable<PublishJob> jobs, DateTimeOffset t)
        {
            foreach (var j in jobs)
                foreach (var h in j.HsDirs) Engine.OnUploadResult(j.ServiceId, h, true, null, t);
        }

        public void Dispose()
        {
            B0.Dispose();
            B1.Dispose();
        }
    }

    private static int Uploads(IEnumerable<PublishJob> jobs) => jobs.Sum(j => j.HsDirs.Count);

    /// <summary>Uploads one site plans at most: two periods to each of the eight HSDirs.</summary>
    private const int PerSite = 2 * 8;

    [Fact]
    public void A_dead_backend_of_a_published_site_goes_before_the_first_publication_of_a_thousand_others()
    {
        using var farm = new Farm();
        farm.AddSites(1, Now);
        var t = farm.PublishEverything(Now);

        // A thousand more sites arrive (a reload), none published yet; then the watcher's probe finds web1 dead.
        farm.AddSites(1000, t);
        farm.Engine.OnHealthResult(farm.Watcher, Id(farm.B0), false, "introduction failed", t);
        var first = farm.Engine.PlanPublishes(farm.View, t);

        Assert.Equal(farm.Watcher, first[0].ServiceId);
        var site = farm.Engine.Status(t).Services.Single(s => s.Service == farm.Watcher);
        Assert.False(site.Backends.Single(b => b.Name == "web1").Published);
        Assert.True(site.Backends.Single(b => b.Name == "web2").Published);
        Assert.Equal(3, site.IntroPoints);
    }

    [Fact]
    public void Routine_uploads_stop_at_the_in_flight_limit_and_resume_as_tor_answers()
    {
        using var farm = new Farm();
        farm.AddSites(20, Now);
        var routineLimit = BalancerEngine.MaxUploadsInFlight - BalancerEngine.UploadsReservedForLiveSetChanges;
        var t = Now;
        var planned = new List<PublishJob>();
        for (var round = 0; round < 10; round++, t = t.AddSeconds(1)) planned.AddRange(farm.Engine.PlanPublishes(farm.View, t));

        // No answers yet: planning stopped once the limit was reached (the last site may overshoot it by its own uploads).
        Assert.InRange(Uploads(planned), routineLimit, routineLimit + PerSite - 1);
        Assert.Equal(Uploads(planned), farm.Engine.UploadsInFlight(t));
        Assert.Empty(farm.Engine.PlanPublishes(farm.View, t));

        // tor answers one site's uploads (one failed, the rest uploaded): that many slots come free.
        var answered = planned.Where(j => j.ServiceId == planned[0].ServiceId).ToList();
        var failedAt = answered[0].HsDirs[0];
        foreach (var j in answered)
            foreach (var h in j.HsDirs) farm.Engine.OnUploadResult(j.ServiceId, h, h != failedAt || j != answered[0], h == failedAt ? "UNEXPECTED" : null, t);
        Assert.Equal(Uploads(planned) - Uploads(answered), farm.Engine.UploadsInFlight(t));
        var next = farm.Engine.PlanPublishes(farm.View, t);
        Assert.NotEmpty(next);
        Assert.DoesNotContain(next, j => planned.Any(p => p.ServiceId == j.ServiceId)); // new sites, not the ones in flight
        Assert.InRange(farm.Engine.UploadsInFlight(t), routineLimit, routineLimit + PerSite - 1);
    }

    [Fact]
    public void Uploads_tor_never_answers_free_their_slots_at_the_upload_timeout()
    {
        using var farm = new Farm();
        farm.AddSites(20, Now);
        var t = Now;
        var lastPost = Now;
        for (var round = 0; round < 10; round++, t = t.AddSeconds(1))
            if (farm.Engine.PlanPublishes(farm.View, t).Count > 0) lastPost = t;
        Assert.Empty(farm.Engine.PlanPublishes(farm.View, t));

        Assert.NotEqual(0, farm.Engine.UploadsInFlight(lastPost + Timings.UploadTimeout));
        var later = lastPost + Timings.UploadTimeout + TimeSpan.FromSeconds(1);
        Assert.Equal(0, farm.Engine.UploadsInFlight(later));
        Assert.Contains(farm.Engine.PlanPublishes(farm.View, later), j => j.HsDirs.Count > 0);
    }

    [Fact]
    public void A_new_connection_to_tor_forgets_the_uploads_handed_to_the_old_one()
    {
        using var farm = new Farm();
        farm.AddSites(20, Now);
        Assert.NotEmpty(farm.Engine.PlanPublishes(farm.View, Now));
        Assert.NotEqual(0, farm.Engine.UploadsInFlight(Now));
        farm.Engine.ForgetUploadsInFlight();
        Assert.Equal(0, farm.Engine.UploadsInFlight(Now));
    }

    [Fact]
    public void A_dead_backend_is_uploaded_from_the_reserve_while_routine_uploads_fill_the_rest()
    {
        using var farm = new Farm();
        farm.AddSites(1, Now);
        var t = farm.PublishEverything(Now);
        farm.AddSites(20, t);
        for (var round = 0; round < 10; round++, t = t.AddSeconds(1)) farm.Engine.PlanPublishes(farm.View, t);
        var routineLimit = BalancerEngine.MaxUploadsInFlight - BalancerEngine.UploadsReservedForLiveSetChanges;
        Assert.True(farm.Engine.UploadsInFlight(t) >= routineLimit);
        Assert.Empty(farm.Engine.PlanPublishes(farm.View, t)); // routine work waits for answers

        farm.Engine.OnHealthResult(farm.Watcher, Id(farm.B0), false, "introduction failed", t);
        var urgent = farm.Engine.PlanPublishes(farm.View, t);
        Assert.NotEmpty(urgent);
        Assert.All(urgent, j => Assert.Equal(farm.Watcher, j.ServiceId));
        Assert.InRange(farm.Engine.UploadsInFlight(t), 0, BalancerEngine.MaxUploadsInFlight + PerSite - 1);
    }

    [Fact]
    public void The_ledger_counts_each_post_until_its_answer_or_the_timeout()
    {
        var ledger = new UploadLedger(Backoff.Default, TimeSpan.FromMinutes(10));
        var a = HsDir(0);
        var b = HsDir(1);
        var timeout = TimeSpan.FromSeconds(30);
        ledger.MarkPosted(Period, a, new(1), Now);
        ledger.MarkPosted(Period, a, new(2), Now.AddSeconds(10)); // the same slot again before tor answered: tor works on both
        ledger.MarkPosted(Period.Next, b, new(1), Now.AddSeconds(10));
        Assert.Equal(3, ledger.InFlight(Now.AddSeconds(10), timeout));
        ledger.OnUploaded(a, Now.AddSeconds(11));
        Assert.Equal(2, ledger.InFlight(Now.AddSeconds(11), timeout));
        ledger.OnFailed(b, "UPLOAD_REJECTED", Now.AddSeconds(12));
        Assert.Equal(1, ledger.InFlight(Now.AddSeconds(12), timeout));
        ledger.OnUploaded(b, Now.AddSeconds(13)); // an answer for nothing in flight frees nothing
        Assert.Equal(1, ledger.InFlight(Now.AddSeconds(13), timeout));
        Assert.Equal(1, ledger.InFlight(Now.AddSeconds(40), timeout));
        Assert.Equal(0, ledger.InFlight(Now.AddSeconds(41), timeout)); // the second post to a timed out
    }
}
