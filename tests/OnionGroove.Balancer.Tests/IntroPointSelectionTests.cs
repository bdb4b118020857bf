using OnionGroove.Balancer.Selection;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Tests;

public class IntroPointSelectionTests
{
    private static BackendIntroPoints<string> Backend(string id, int n) =>
        new(id, Enumerable.Range(0, n).Select(i => $"{id}/{i}").ToList());

    [Fact]
    public void Choose_takes_round_robin_across_backends()
    {
        var chosen = IntroPointSelector.Choose([Backend("a", 3), Backend("b", 3), Backend("c", 1)], max: 5);
        Assert.Equal(["a/0", "b/0", "c/0", "a/1", "b/1"], chosen);
    }

    [Fact]
    public void Choose_never_exceeds_twenty_and_honours_the_per_backend_cap()
    {
        var backends = Enumerable.Range(0, 12).Select(i => Backend($"b{i:00}", 3)).ToList();
        Assert.Equal(20, IntroPointSelector.Choose(backends, 20).Count);
        var capped = IntroPointSelector.Choose(backends, 20, perBackendCap: 1);
        Assert.Equal(12, capped.Count);
        Assert.Equal(12, capped.Select(x => x.Split('/')[0]).Distinct().Count());
    }

    [Fact]
    public void Rotation_changes_who_is_left_out_when_not_all_fit()
    {
        var backends = Enumerable.Range(0, 25).Select(i => Backend($"b{i:00}", 1)).ToList();
        var seen = new HashSet<string>();
        for (var r = 0; r < 5; r++)
            foreach (var x in IntroPointSelector.Choose(backends, 20, rotation: r * 20)) seen.Add(x);
        Assert.Equal(25, seen.Count);
    }

    private static List<HsDirTarget> Ring(int replicas = 2, int spreadStore = 4, int spreadFetch = 3) =>
        [.. from r in Enumerable.Range(1, replicas) from p in Enumerable.Range(0, spreadStore)
            select new HsDirTarget(HsDirId.Parse($"{r:X2}{p:X2}".PadLeft(40, '0')), r, p, p < spreadFetch)];

    [Fact]
    public void Twelve_backends_split_into_distinct_descriptors_and_every_backend_is_fetchable()
    {
        var backends = Enumerable.Range(0, 12).Select(i => Backend($"b{i:00}", 3)).ToList();
        var hsdirs = Ring();
        var plan = DescriptorPlan<string>.Make(backends, hsdirs, 20, 0, distinct: true);
        Assert.Equal(2, plan.Groups.Count);
        Assert.All(plan.Groups, g => Assert.InRange(g.Count, 1, 20));
        // Every backend appears in some group that at least one client-fetched HSDir receives.
        var fetchedGroups = hsdirs.Where(h => h.ClientsFetchHere).Select(h => plan.GroupOfHsDir[h.Fingerprint]).ToHashSet();
        var reachable = fetchedGroups.SelectMany(g => plan.Groups[g]).Select(x => x.Split('/')[0]).ToHashSet();
        Assert.Equal(12, reachable.Count);
        Assert.Equal(hsdirs.Count, plan.GroupOfHsDir.Count);
    }

    [Fact]
    public void Without_distinct_descriptors_one_group_goes_everywhere()
    {
        var backends = Enumerable.Range(0, 12).Select(i => Backend($"b{i:00}", 3)).ToList();
        var plan = DescriptorPlan<string>.Make(backends, Ring(), 20, 0, distinct: false);
        Assert.Single(plan.Groups);
        Assert.Equal(20, plan.Groups[0].Count);
        Assert.All(plan.GroupOfHsDir.Values, g => Assert.Equal(0, g));
    }

    [Fact]
    public void Groups_are_limited_by_the_hsdirs_clients_ask()
    {
        var backends = Enumerable.Range(0, 200).Select(i => Backend($"b{i:000}", 3)).ToList();
        var plan = DescriptorPlan<string>.Make(backends, Ring(), 20, 0, distinct: true);
        Assert.Equal(6, plan.Groups.Count);
        Assert.All(plan.Groups, g => Assert.Equal(20, g.Count));
    }
}
