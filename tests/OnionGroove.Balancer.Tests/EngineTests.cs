using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Crypto.Keys;
using static OnionGroove.Balancer.Tests.EngineTestKit;

namespace OnionGroove.Balancer.Tests;

/// <summary>The engine with the real descriptor code: descriptors built by OnionGroove.Descriptors
/// for real keys, decoded back by the same path tor-fetched ones take.</summary>
public class EngineTests
{
    private static readonly FixedView View = EightHsDirs();

    private static string BackendDescriptor(IdentitySecretKey key, int intros, ulong revision = 1) =>
        HsDescriptorBuilder.Build(key, Period, [.. Enumerable.Range(0, intros).Select(RandomIntro)],
            new DescriptorBuildOptions { RevisionCounter = new RevisionCounter(revision), Now = Now }).Value.AsString();

    private static (BalancerEngine Engine, IdentitySecretKey Frontend, List<IdentitySecretKey> Backends, List<string> Log) Make(int backends, bool distinct = false, Random? random = null)
    {
        var log = new List<string>();
        var engine = new BalancerEngine(new DescriptorCodec(), BalancerTimings.TestNetwork, log.Add, random);
        var frontend = IdentitySecretKey.Generate();
        var keys = Enumerable.Range(0, backends).Select(_ => IdentitySecretKey.Generate()).ToList();
        var cfg = new ServiceConfig(1, "/k", keys.Select((k, i) => new InstanceConfig(2 + i, k.Address.ServiceId, $"b{i}", null)).ToList(),
            [], distinct, 0, 20, null);
        engine.ApplyConfig([(cfg, new ServiceKeys
        {
            Signer = Signing.FrontendSigner.FromIdentity(IdentitySecretKey.FromExpanded(Expanded(frontend))),
            AuthorizedClients = [], BackendClientKeys = new Dictionary<ServiceId, ClientAuthSecretKey>(),
        })]);
        return (engine, frontend, keys, log);
    }

    private static byte[] Expanded(IdentitySecretKey k)
    {
        var b = new byte[64];
        k.ExportExpanded(b);
        return b;
    }

    [Fact]
    public void A_backend_descriptor_is_decoded_and_its_intro_points_published_re_signed_under_the_frontend()
    {
        var (engine, frontend, backends, _) = Make(1);
        Assert.True(engine.OnDescriptorContent(Id(backends[0]), BackendDescriptor(backends[0], 3), View, Now));
        var jobs = engine.PlanPublishes(View, Now);
        Assert.Equal(2, jobs.Count); // current and next period, one descriptor set each
        Assert.All(jobs, j => Assert.Equal(8, j.HsDirs.Count));
        var decoded = HsDescriptorDecoder.Decode(System.Text.Encoding.ASCII.GetBytes(jobs[0].Descriptor), frontend.Address, Period, now: Now);
        Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
        Assert.Equal(3, decoded.Value.IntroductionPoints.Count);
        Assert.Equal(jobs[0].Revision, decoded.Value.RevisionCounter);
        // Nothing changed: nothing to upload again.
        Assert.Empty(engine.PlanPublishes(View, Now.AddSeconds(5)));
    }

    [Fact]
    public void Periodic_refreshes_are_spread_over_the_last_fifth_of_the_republish_interval()
    {
        var (engine, _, backends, log) = Make(1, random: new Random(7));
        var id = Id(backends[0]);
        var text = BackendDescriptor(backends[0], 3);
        var interval = BalancerTimings.TestNetwork.RepublishInterval;
        Assert.True(engine.OnDescriptorContent(id, text, View, Now));
        var frontendId = engine.Status(Now).Services[0].Service;
        foreach (var j in engine.PlanPublishes(View, Now))
            foreach (var h in j.HsDirs) engine.OnUploadResult(frontendId, h, true, null, Now);

        // Step through the interval second by second, the backend polled as usual, so only a refresh
        // can make an upload due; note when each period's descriptor is refreshed.
        var refreshedAt = new Dictionary<TimePeriod, TimeSpan>();
        for (var t = TimeSpan.Zero; t <= interval; t += TimeSpan.FromSeconds(1))
        {
            engine.OnDescriptorContent(id, text, View, Now + t);
            foreach (var j in engine.PlanPublishes(View, Now + t))
            {
                refreshedAt.TryAdd(j.Period, t);
                foreach (var h in j.HsDirs) engine.OnUploadResult(frontendId, h, true, null, Now + t);
            }
        }
        Assert.Equal(2, refreshedAt.Count);
        Assert.All(refreshedAt.Values, t => Assert.InRange(t, interval * 0.8, interval));
        // Drawn per upload: two hosts (or two periods) started together do not stay in lockstep.
        Assert.NotEqual(refreshedAt.Values.First(), refreshedAt.Values.Last());
        Assert.Equal(2, log.Count(l => l.Contains("periodic refresh")));
    }

    [Fact]
    public void A_copy_tor_refused_keeps_the_last_good_descriptor_in_use()
    {
        var (engine, _, backends, log) = Make(1);
        var id = Id(backends[0]);
        Assert.True(engine.OnDescriptorContent(id, BackendDescriptor(backends[0], 3), View, Now));
        Assert.NotEmpty(engine.PlanPublishes(View, Now));
        engine.OnBackendDescriptorRejectedByTor(id, HsDir(0));
        engine.OnBackendDescriptorRejectedByTor(id, HsDir(1));
        Assert.Single(log, l => l.Contains("descriptor ignored") && l.Contains("BAD_DESC")); // said once, not per fetch
        Assert.Empty(engine.PlanPublishes(View, Now.AddSeconds(5))); // nothing changes on the HSDirs
        Assert.True(engine.Status(Now.AddSeconds(5)).Services[0].Backends[0].Published);
    }

    [Fact]
    public void A_descriptor_of_another_identity_or_a_malformed_one_is_ignored()
    {
        var (engine, _, backends, log) = Make(1);
        using var impostor = IdentitySecretKey.Generate();
        var target = Id(backends[0]);
        Assert.False(engine.OnDescriptorContent(target, BackendDescriptor(impostor, 3), View, Now));
        Assert.Contains(log, l => l.Contains("descriptor ignored") && l.Contains("blinded key"));
        var good = BackendDescriptor(backends[0], 2);
        Assert.False(engine.OnDescriptorContent(target, good.Replace("revision-counter", "revision-counterX"), View, Now));
        Assert.False(engine.OnDescriptorContent(target, good[..(good.Length / 2)], View, Now));
        var flipped = good.ToCharArray();
        flipped[good.IndexOf("signature ", StringComparison.Ordinal) + 20] ^= (char)1;
        Assert.False(engine.OnDescriptorContent(target, new string(flipped), View, Now));
        Assert.Empty(engine.PlanPublishes(View, Now)); // nothing valid, nothing published
        Assert.True(engine.OnDescriptorContent(target, good, View, Now));
        Assert.NotEmpty(engine.PlanPublishes(View, Now));
    }

    [Fact]
    public void Twelve_backends_with_distinct_descriptors_all_get_published_and_changes_trigger_uploads()
    {
        var (engine, frontend, backends, _) = Make(12, distinct: true);
        foreach (var b in backends) engine.OnDescriptorContent(Id(b), BackendDescriptor(b, 3), View, Now);
        var jobs = engine.PlanPublishes(View, Now);
        var current = jobs.Where(j => j.Period == Period).ToList();
        Assert.Equal(2, current.Count); // 36 intro points do not fit in one descriptor
        Assert.Equal(8, current.Sum(j => j.HsDirs.Count));
        var status = engine.Status(Now).Services[0];
        Assert.All(status.Backends, b => Assert.True(b.Published, b.Name));
        var introAuthKeys = current.SelectMany(j =>
            HsDescriptorDecoder.Decode(System.Text.Encoding.ASCII.GetBytes(j.Descriptor), frontend.Address, Period, now: Now).Value.IntroductionPoints)
            .Select(ip => Convert.ToHexString(ip.AuthKey)).ToHashSet();
        Assert.Equal(36, introAuthKeys.Count);

        // A backend's new descriptor (new intro points) triggers a new upload with a higher revision.
        Assert.True(engine.OnDescriptorContent(Id(backends[0]), BackendDescriptor(backends[0], 3, 2), View, Now.AddSeconds(1)));
        var again = engine.PlanPublishes(View, Now.AddSeconds(1));
        Assert.NotEmpty(again);
        Assert.All(again, j => Assert.True(j.Revision > jobs.First(x => x.Period == j.Period).Revision));
    }

    [Fact]
    public void Failed_uploads_are_retried_to_that_hsdir_only()
    {
        var (engine, frontend, backends, _) = Make(1);
        engine.OnDescriptorContent(Id(backends[0]), BackendDescriptor(backends[0], 3), View, Now);
        var jobs = engine.PlanPublishes(View, Now);
        var svc = Id(frontend);
        foreach (var h in jobs[0].HsDirs.Skip(1)) engine.OnUploadResult(svc, HsDirId.Parse("$" + h + "~relay"), true, null, Now.AddSeconds(1));
        engine.OnUploadResult(svc, HsDirId.Parse("$" + jobs[0].HsDirs[0]), false, "UNEXPECTED", Now.AddSeconds(1));
        Assert.Empty(engine.PlanPublishes(View, Now.AddSeconds(2)));
        var retry = engine.PlanPublishes(View, Now.AddSeconds(30));
        var r = Assert.Single(retry, j => j.Period == Period);
        Assert.Equal([jobs[0].HsDirs[0]], r.HsDirs);
        Assert.Equal(jobs[0].Descriptor, r.Descriptor);
        var hs = engine.Status(Now).Services[0].HsDirs.Single(h => h.Fingerprint == jobs[0].HsDirs[0].ToString());
        Assert.Equal(1, hs.Failures);
    }
}
