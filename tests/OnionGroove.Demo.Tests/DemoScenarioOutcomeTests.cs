namespace OnionGroove.Demo.Tests;

/// <summary>When the demo counts as having shown balancing (its exit code depends on it).</summary>
public sealed class DemoScenarioOutcomeTests
{
    private static DemoScenario.Outcome Outcome(Dictionary<string, int> before, Dictionary<string, int> after) =>
        new(IntroPoints: 6, BackendsInDescriptor: 2, before, FailedBefore: 0, Killed: "web1", after, FailedAfter: 0);

    [Fact]
    public void Every_backend_before_and_only_survivors_after_is_balancing() =>
        Assert.True(Outcome(new() { ["web1"] = 2, ["web2"] = 1 }, new() { ["web2"] = 3 }).ShowedBalancing(["web1", "web2"]));

    [Fact]
    public void A_backend_that_never_answered_before_the_kill_is_not() =>
        Assert.False(Outcome(new() { ["web1"] = 3 }, new() { ["web2"] = 3 }).ShowedBalancing(["web1", "web2"]));

    [Fact]
    public void No_answer_after_the_kill_is_not() =>
        Assert.False(Outcome(new() { ["web1"] = 2, ["web2"] = 1 }, new()).ShowedBalancing(["web1", "web2"]));

    [Fact]
    public void An_answer_from_the_killed_backend_is_not() =>
        Assert.False(Outcome(new() { ["web1"] = 2, ["web2"] = 1 }, new() { ["web1"] = 1, ["web2"] = 2 }).ShowedBalancing(["web1", "web2"]));
}
