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

    /// <summary>An engine for one backend; <paramref name="verified"/>: the operator states the backends verify
    /// solutions made for the frontend (pow_backends_verify_frontend), without which nothing is published.</summary>
    private static (BalancerEngine Engine, IdentitySecretKey Frontend, IdentitySecretKey Backend, List<string> Log) Make(PowMode mode,
        bool verified = true, int minEffort = 0)
    {
        var log = new List<string>();
        var engine = new BalancerEngine(new DescriptorCodec(), BalancerTimings.TestNetwork, log.Add);
        var frontend = IdentitySecretKey.Generate();
        var backend = IdentitySecretKey.Generate();
        engine.ApplyConfig([(ConfigFor([backend]) with { Pow = mode, PowBackendsVerifyFrontend = verified, PowMinEffort = minEffort }, KeysFor(frontend))]);
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
    [Theory]
    [InlineData(PowMode.Follow)]
    [InlineData(PowMode.On)]
    public void Without_backends_verifying_frontend_solutions_pow_params_are_withheld_with_a_warning(PowMode mode)
    {
        // Stock tor backends refuse a solution made for the frontend: no pow-params, not even at effort 0
        // (a client solves at effort >= 8 after an unreachable intro point, hs_client.c).
        var (engine, frontend, backend, log) = Make(mode, verified: false, minEffort: 50);
        var intros = Enumerable.Range(0, 3).Select(RandomIntro).ToList();
        Assert.True(engine.OnDescriptorContent(new(backend.Address), Backend(backend, intros, Pow(1, 30), 1), View, Now));
        var jobs = engine.PlanPublishes(View, Now);
        Assert.NotEmpty(jobs);
        Assert.Empty(PublishedPow(jobs, frontend));
        Assert.Contains(log, l => l.StartsWith("WARNING: ", StringComparison.Ordinal) && l.Contains("NO pow-params") && l.Contains("pow_backends_verify_frontend"));
        var status = engine.Status(Now).Services[0];
        Assert.Equal(Selection.PowPublishing.Withheld, status.Pow);
        Assert.Equal(30, status.Backends[0].PowEffort); // the backend's own defence is still shown
        // A seed rotation changes nothing published.
        engine.OnDescriptorContent(new(backend.Address), Backend(backend, intros, Pow(2, 0), 2), View, Now.AddSeconds(30));
        Assert.Empty(engine.PlanPublishes(View, Now.AddSeconds(31)));
    }

    [Fact]
    public void Pow_min_effort_raises_the_advertised_effort_but_not_a_higher_one()
    {
        var (engine, frontend, backend, log) = Make(PowMode.Follow, minEffort: 25);
        var intros = Enumerable.Range(0, 3).Select(RandomIntro).ToList();
        Assert.True(engine.OnDescriptorContent(new(backend.Address), Backend(backend, intros, Pow(1, 3), 1), View, Now));
        var first = engine.PlanPublishes(View, Now);
        Assert.Equal(25u, Assert.Single(PublishedPow(first, frontend)).SuggestedEffort);
        foreach (var j in first)
            foreach (var h in j.HsDirs) engine.OnUploadResult(new ServiceId(frontend.Address), h, true, null, Now);
        Assert.Equal(Selection.PowPublishing.Published, engine.Status(Now).Services[0].Pow);
        Assert.DoesNotContain(log, l => l.StartsWith("WARNING: ", StringComparison.Ordinal));
        Assert.True(engine.OnDescriptorContent(new(backend.Address), Backend(backend, intros, Pow(1, 90), 2), View, Now.AddSeconds(30)));
        Assert.Equal(90u, Assert.Single(PublishedPow(engine.PlanPublishes(View, Now.AddSeconds(31)), frontend)).SuggestedEffort);
    }
}
