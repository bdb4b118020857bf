using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Crypto.Keys;
using static OnionGroove.Balancer.Tests.EngineTestKit;

namespace OnionGroove.Balancer.Tests;

/// <summary>100 frontends on the same 2 backends in one engine (real keys and descriptors, fixed
/// clock): a dead backend must leave the descriptor of the site that noticed it in the very next
/// planning round, even when every other site is due for its routine refresh at the same moment
/// (the 100-site benchmark once kept a dead backend advertised for over 8 minutes that way).</summary>
public class ScaleTests
{
    private const int Sites = 100;

    [Fact]
    public void A_dead_backend_leaves_the_watching_site_first_while_99_others_wait_their_turn()
    {
        var view = EightHsDirs();
        var engine = new BalancerEngine(new DescriptorCodec(), BalancerTimings.TestNetwork, _ => { });
        using var b0 = IdentitySecretKey.Generate();
        using var b1 = IdentitySecretKey.Generate();
        InstanceConfig[] instances = [new(3, b0.Address.ServiceId, "web1", null), new(4, b1.Address.ServiceId, "web2", null)];
        var services = Enumerable.Range(0, Sites).Select(i =>
        {
            using var k = IdentitySecretKey.Generate();
            var expanded = new byte[64];
            k.ExportExpanded(expanded);
            // Only the first site has health checks, as in `demo --bench --sites N`.
            var cfg = new ServiceConfig(1 + i, $"/k{i}", instances, [], false, 0, 20,
                i == 0 ? new HealthCheckConfig(80, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), 1) : null);
            return (cfg, new ServiceKeys { Signer = Signing.FrontendSigner.FromIdentity(IdentitySecretKey.FromExpanded(expanded)), AuthorizedClients = [], BackendClientKeys = new Dictionary<ServiceId, ClientAuthSecretKey>() });
        }).ToList();
        engine.ApplyConfig(services);
        var watcher = services[0].Item2.ServiceId;
        var texts = new[] { b0, b1 }.ToDictionary(Id, b => HsDescriptorBuilder.Build(b, Period,
            [.. Enumerable.Range(0, 3).Select(RandomIntro)], new DescriptorBuildOptions { RevisionCounter = new RevisionCounter(1), Now = Now }).Value.AsString());
        foreach (var (id, text) in texts) Assert.True(engine.OnDescriptorContent(id, text, view, Now));

        // First publication of all 100 sites is spread over rounds of at most MaxPostsPerRound HSPOSTs.
        var t = Now;
        var rounds = 0;
        var served = new HashSet<ServiceId>();
        while (true)
        {
            var jobs = engine.PlanPublishes(view, t);
            if (jobs.Count == 0) break;
            Assert.True(jobs.Count <= BalancerEngine.MaxPostsPerRound + 1, $"{jobs.Count} HSPOSTs in one round");
            foreach (var j in jobs)
            {
                served.Add(j.ServiceId);
                foreach (var h in j.HsDirs) engine.OnUploadResult(j.ServiceId, h, true, null, t);
            }
            rounds++;
            t = t.AddSeconds(1);
        }
        Assert.Equal(Sites, served.Count);
        Assert.InRange(rounds, Sites * 2 / (BalancerEngine.MaxPostsPerRound + 1), Sites);
        // Blinding is done once per service and view, not once per round.
        Assert.True(view.SlotCalls <= Sites, $"SlotsFor called {view.SlotCalls} times");

        // Everyone's refresh falls due at once, and the watcher's probe finds web1 dead.
        t = t + BalancerTimings.TestNetwork.RepublishInterval;
        foreach (var (id, text) in texts) engine.OnDescriptorContent(id, text, view, t); // polled as usual: both still fetchable
        engine.OnHealthResult(watcher, Id(b0), false, "introduction failed", t);
        var first = engine.PlanPublishes(view, t);
        Assert.True(first.Count <= BalancerEngine.MaxPostsPerRound + 1);
        Assert.Equal(watcher, first[0].ServiceId); // content changes go before routine refreshes
        var site = engine.Status(t).Services.Single(s => s.Service == watcher);
        Assert.False(site.Backends.Single(b => b.Name == "web1").Published);
        Assert.True(site.Backends.Single(b => b.Name == "web2").Published);
        Assert.Equal(3, site.IntroPoints);
    }
}
