using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Tor;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;
using static OnionGroove.Balancer.Tests.EngineTestKit;

namespace OnionGroove.Balancer.Tests;

/// <summary>The engine with real descriptors carrying pow-params: what the frontend publishes per
/// <c>pow:</c> setting, and a backend's seed rotation (same intro points) republished at once.</summary>
public sealed class PowEngineTests
{
    private static readonly FixedView View = EightHsDirs();

    private static PowParams Pow(byte seed, uint effort) =>
        new(PowParams.V1, Enumerable.Repeat(seed, PowParams.SeedLength).ToArray(), effort, Now.AddMinutes(110), []);

    private static string Backend(IdentitySecretKey key, IReadOnlyList<IntroPointSpec> intros, PowParams? pow, ulong revision) =>
        HsDescriptorBuilder.Build(key, Period, intros,
            new DescriptorBuildOptions { RevisionCounter = new RevisionCounter(revision), Now = Now, PowParams = pow }).Value.AsString();

    private static (BalancerEngine Engine, IdentitySecretKey Frontend, IdentitySecretKey Backend, List<string> Log) Make(PowMode mode)
    {
        var log = new List<string>();
        var engine = new BalancerEngine(new DescriptorCodec(), BalancerTimings.TestNetwork, log.Add);
        var frontend = IdentitySecretKey.Generate();
        var backend = IdentitySecretKey.Generate();
        engine.ApplyConfig([(ConfigFor([backend]) with { Pow = mode }, KeysFor(frontend))]);
        return (engine, frontend, backend, log);
    }

    private static IReadOnlyList<PowParams> PublishedPow(IEnumerable<Publishing.PublishJob> jobs, IdentitySecretKey frontend) =>
        [.. jobs.Where(j => j.Period.Number == Period.Number).Select(j =>
            HsDescriptorDecoder.Decode(System.Text.Encoding.ASCII.GetBytes(j.Descriptor), frontend.Address, Period, now: Now).Value)
            .SelectMany(d => d.SecondLayer.PowParams)];

    [Fact]
    public void Follow_publishes_the_backends_pow_params_and_a_seed_rotation_is_uploaded_at_once()
    {
        var (engine, frontend, backend, log) = Make(PowMode.Follow);
        var intros = Enumerable.Range(0, 3).Select(RandomIntro).ToList();
        Assert.True(engine.OnDescriptorContent(new(backend.Address), Backend(backend, intros, Pow(1, 0), 1), View, Now));
        var firstJobs = engine.PlanPublishes(View, Now);
        var frontendId = new ServiceId(frontend.Address);
        foreach (var j in firstJobs)
            foreach (var h in j.HsDirs) engine.OnUploadResult(frontendId, h, true, null, Now);
        var first = PublishedPow(firstJobs, frontend);
        Assert.Equal(Pow(1, 0).Seed, Assert.Single(first).Seed);
        Assert.Equal(0, engine.Status(Now).Services[0].Backends[0].PowEffort);

        // The backend rotates its seed and raises its effort; its intro points stay the same.
        Assert.True(engine.OnDescriptorContent(new(backend.Address), Backend(backend, intros, Pow(2, 40), 2), View, Now.AddSeconds(30)));
        var jobs = engine.PlanPublishes(View, Now.AddSeconds(31));
        var second = PublishedPow(jobs, frontend);
        var p = Assert.Single(second);
        Assert.Equal(Pow(2, 40).Seed, p.Seed);
        Assert.Equal(40u, p.SuggestedEffort);
        Assert.Contains(log, l => l.Contains("backend pow-params changed"));
        var status = engine.Status(Now.AddSeconds(40)).Services[0].Backends[0];
        Assert.Equal(40, status.PowEffort);
        Assert.Equal(10, status.PowSeedAgeSeconds); // first seen at +30 s
    }

    [Fact]
    public void Off_publishes_no_pow_params_and_ignores_seed_changes()
    {
        var (engine, frontend, backend, _) = Make(PowMode.Off);
        var intros = Enumerable.Range(0, 3).Select(RandomIntro).ToList();
        Assert.True(engine.OnDescriptorContent(new(backend.Address), Backend(backend, intros, Pow(1, 0), 1), View, Now));
        var jobs = engine.PlanPublishes(View, Now);
        Assert.NotEmpty(jobs);
        Assert.Empty(PublishedPow(jobs, frontend));
        engine.OnDescriptorContent(new(backend.Address), Backend(backend, intros, Pow(2, 0), 2), View, Now.AddSeconds(30));
        Assert.Empty(engine.PlanPublishes(View, Now.AddSeconds(31)));
    }
}
