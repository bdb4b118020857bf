using OnionGroove.Balancer.Selection;

namespace OnionGroove.Balancer.Tests;

/// <summary>A tor client uses only the first intro point a descriptor lists on each relay, so
/// descriptors must list one per relay and still give every backend one (found on the private
/// network: with 12 backends on 8 relays, some backends never received a client).</summary>
public class RelayDistinctTests
{
    /// <summary>Intro points named "backend/relay".</summary>
    private static BackendIntroPoints<string> Backend(string id, params string[] relays) => new(id, relays.Select(r => $"{id}/{r}").ToList());

    private static string? Relay(string ip) => ip.Split('/')[1];

    private static readonly IReadOnlyList<HsDirTarget> Ring =
        [.. Enumerable.Range(0, 8).Select(i => new HsDirTarget(EngineTestKit.HsDir(i), 0, i, i % 4 != 3))];

    [Fact]
    public void Filter_keeps_one_intro_point_per_relay_and_lets_backends_take_turns()
    {
        var kept = RelayDistinct.Filter([Backend("a", "r1", "r2", "r3"), Backend("b", "r1", "r2", "r4")], Relay);
        var all = kept.SelectMany(b => b.IntroPoints).ToList();
        Assert.Equal(all.Count, all.Select(Relay).Distinct().Count());
        Assert.Equal(["a/r1", "a/r3"], kept[0].IntroPoints);
        Assert.Equal(["b/r2", "b/r4"], kept[1].IntroPoints);
    }

    [Fact]
    public void A_backend_with_few_relays_is_not_crowded_out()
    {
        // "z" has only r1; "a" sorts first but has alternatives, so "z" gets r1.
        var kept = RelayDistinct.Filter([Backend("a", "r1", "r2"), Backend("z", "r1")], Relay);
        Assert.Equal(["a/r2"], kept[0].IntroPoints);
        Assert.Equal(["z/r1"], kept[1].IntroPoints);
    }

    [Fact]
    public void Intro_points_of_unknown_relays_are_kept()
    {
        var kept = RelayDistinct.Filter([new BackendIntroPoints<string>("a", ["x", "y"])], _ => null);
        Assert.Equal(["x", "y"], kept[0].IntroPoints);
    }

    /// <summary>Twelve backends with three intro points each on a network of eight relays, as
    /// tor places them (three different relays per backend).</summary>
    private static List<BackendIntroPoints<string>> TwelveOnEightRelays(int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(1, 12).Select(i =>
            Backend($"web{i:00}", [.. Enumerable.Range(0, 8).OrderBy(_ => rng.Next()).Take(3).Select(r => $"r{r}")])).ToList();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Distinct_descriptors_give_every_backend_an_intro_point_on_a_relay_of_its_own(int seed)
    {
        var backends = TwelveOnEightRelays(seed);
        var plan = DescriptorPlan<string>.Make(backends, Ring, 20, 0, distinct: true, relayOf: Relay);
        Assert.True(plan.Groups.Count >= 2);
        Assert.All(plan.Groups, g => Assert.Equal(g.Count, g.Select(Relay).Distinct().Count()));
        var served = plan.Groups.SelectMany(g => g).Select(ip => ip.Split('/')[0]).ToHashSet();
        Assert.Equal(backends.Select(b => b.BackendId).Order(), served.Order());
    }

    [Fact]
    public void The_plan_does_not_change_with_rotation_when_everything_usable_fits()
    {
        var backends = TwelveOnEightRelays(7);
        string Key(int rotation) => string.Join('|', DescriptorPlan<string>.Make(backends, Ring, 20, 0, distinct: true, rotation, Relay)
            .Groups.Select(g => string.Join(',', g.Order(StringComparer.Ordinal))));
        var first = Key(0);
        Assert.All(Enumerable.Range(1, 30), r => Assert.Equal(first, Key(r)));
    }

    [Fact]
    public void One_descriptor_also_lists_each_relay_once()
    {
        var plan = DescriptorPlan<string>.Make([Backend("a", "r1", "r2", "r3"), Backend("b", "r3", "r4", "r5")], Ring, 20, 0,
            distinct: false, relayOf: Relay);
        var g = Assert.Single(plan.Groups);
        Assert.Equal(5, g.Count);
        Assert.Equal(5, g.Select(Relay).Distinct().Count());
    }
}
