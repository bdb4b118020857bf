using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Selection;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Balancer.Tests;

public sealed class PowPlanTests
{
    private static List<HsDirTarget> Ring(int replicas = 2, int spreadStore = 4, int spreadFetch = 3) =>
        [.. from r in Enumerable.Range(0, replicas)
            from p in Enumerable.Range(0, spreadStore)
            select new HsDirTarget(HsDirId.Parse($"{r:X2}{p:X2}".PadLeft(40, '0')), r, p, p < spreadFetch)];

    private static PowParams Pow(byte seed, uint effort = 0, int expiresInMinutes = 100) =>
        new(PowParams.V1, Enumerable.Repeat(seed, PowParams.SeedLength).ToArray(), effort,
            new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero).AddMinutes(expiresInMinutes), []);

    /// <summary>Backend "bN" with intro points "bN.0", "bN.1", "bN.2".</summary>
    private static List<BackendIntroPoints<string>> Backends(int n) =>
        [.. Enumerable.Range(1, n).Select(i => new BackendIntroPoints<string>($"b{i}", [.. Enumerable.Range(0, 3).Select(k => $"b{i}.{k}")]))];

    private static string Owner(string ip) => ip[..ip.IndexOf('.')];

    private static (DescriptorPlan<string> Plan, IReadOnlyList<PowParams?> Pow)? Make(PowMode mode, List<BackendIntroPoints<string>> live,
        Dictionary<string, PowParams?> pows, int rotation = 0) =>
        PowPlan.Make(mode, live, id => pows.GetValueOrDefault(id), Ring(), 20, 0, rotation, null);

    [Fact]
    public void Off_or_no_backend_with_pow_params_plans_as_without_pow()
    {
        var live = Backends(3);
        Assert.Null(Make(PowMode.Off, live, new() { ["b1"] = Pow(1) }));
        Assert.Null(Make(PowMode.Follow, live, []));
        Assert.Null(Make(PowMode.On, live, []));
    }

    [Fact]
    public void Each_descriptor_lists_only_backends_of_its_seed_and_carries_that_seed()
    {
        var pows = new Dictionary<string, PowParams?> { ["b1"] = Pow(1, 10), ["b2"] = Pow(2, 50), ["b3"] = Pow(1, 30, 20) };
        var (plan, pow) = Make(PowMode.Follow, Backends(3), pows)!.Value;
        Assert.Equal(2, plan.Groups.Count);
        for (var g = 0; g < plan.Groups.Count; g++)
        {
            var seed = pow[g]!.Seed!;
            Assert.All(plan.Groups[g], ip => Assert.Equal(seed, pows[Owner(ip)]!.Seed));
        }
        var shared = pow.Single(p => p!.Seed![0] == 1)!;
        Assert.Equal(30u, shared.SuggestedEffort); // the busier clone's effort
        Assert.Equal(pows["b3"]!.Expiration, shared.Expiration); // the earlier expiry
        // Every HSDir gets one of the descriptors, those clients fetch from alternate between them.
        Assert.Equal(Ring().Count, plan.GroupOfHsDir.Count);
        Assert.Equal([0, 1], plan.GroupOfHsDir.Values.Distinct().Order());
    }

    [Fact]
    public void Follow_keeps_backends_without_pow_in_a_descriptor_without_pow_params_and_on_leaves_them_out()
    {
        var pows = new Dictionary<string, PowParams?> { ["b1"] = Pow(1) };
        var (follow, followPow) = Make(PowMode.Follow, Backends(2), pows)!.Value;
        Assert.Equal(2, follow.Groups.Count);
        Assert.Null(followPow[1]);
        Assert.All(follow.Groups[1], ip => Assert.Equal("b2", Owner(ip)));
        var (on, onPow) = Make(PowMode.On, Backends(2), pows)!.Value;
        Assert.Single(on.Groups);
        Assert.All(on.Groups[0], ip => Assert.Equal("b1", Owner(ip)));
        Assert.NotNull(onPow[0]);
    }

    [Fact]
    public void More_seeds_than_hsdir_slots_clients_fetch_from_take_turns()
    {
        // 2 replicas × 3 fetched positions = 6 slots; 9 backends with 9 seeds.
        var live = Backends(9);
        var pows = live.ToDictionary(b => b.BackendId, b => (PowParams?)Pow((byte)int.Parse(b.BackendId[1..])));
        var seen = new HashSet<string>();
        for (var rotation = 0; rotation < 9; rotation++)
        {
            var (plan, _) = Make(PowMode.On, live, pows, rotation)!.Value;
            Assert.Equal(6, plan.Groups.Count);
            Assert.All(plan.Groups, g => Assert.Single(g.Select(Owner).Distinct()));
            foreach (var g in plan.Groups) seen.Add(Owner(g[0]));
        }
        Assert.Equal(9, seen.Count);
    }

    [Fact]
    public void The_key_changes_when_a_backend_rotates_its_seed_and_is_empty_when_off()
    {
        var before = PowPlan.Key(PowMode.Follow, [("b1", Pow(1)), ("b2", null)]);
        Assert.Equal(before, PowPlan.Key(PowMode.Follow, [("b2", null), ("b1", Pow(1))]));
        Assert.NotEqual(before, PowPlan.Key(PowMode.Follow, [("b1", Pow(2)), ("b2", null)]));
        Assert.NotEqual(before, PowPlan.Key(PowMode.Follow, [("b1", Pow(1, effort: 40)), ("b2", null)]));
        Assert.Equal("", PowPlan.Key(PowMode.Off, [("b1", Pow(1))]));
    }
}
