using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Demo.Tests;

/// <summary>`oniongroove demo` shows what a balancer is for: every backend serves requests, and the
/// site keeps answering when one is killed. Its scenario (<see cref="DemoScenario"/>) on its stack,
/// as the README runs it (2 backends, 6 requests each side of the kill).</summary>
[Collection("private Tor networks")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class DemoTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_demo_reaches_every_backend_and_survives_a_killed_one()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var daemonLog = new StringWriter();
        await using var stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2,
            Log = m => output.WriteLine("demo: " + m),
            DaemonLog = TextWriter.Synchronized(daemonLog),
        }, cts.Token);
        try
        {
            var outcome = await DemoScenario.RunAsync(stack, requests: 6, maxRequests: 24, m => output.WriteLine("demo: " + m), cts.Token);
            Assert.Equal(2, outcome.BackendsInDescriptor);
            Assert.Equal(2, stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0].Backends.Count);
            foreach (var b in stack.Backends)
                Assert.True(outcome.AnsweredBefore.GetValueOrDefault(b.Name) >= 1, $"{b.Name} served nothing: {string.Join(", ", outcome.AnsweredBefore)}");
            Assert.Equal(0, outcome.AnsweredAfter.GetValueOrDefault(outcome.Killed));
            Assert.True(outcome.AnsweredAfter.Values.Sum() >= 4, $"after killing {outcome.Killed}: {outcome.AnsweredAfter.Values.Sum()} of 6 answered, {outcome.FailedAfter} failed");
            Assert.True(outcome.ShowedBalancing(stack.Backends.Select(b => b.Name)));
            // The backends' own counters agree with what the client saw.
            foreach (var b in stack.Backends.Where(b => b.Name != outcome.Killed))
                Assert.True(b.Site.Hits >= outcome.AnsweredBefore.GetValueOrDefault(b.Name) + outcome.AnsweredAfter.GetValueOrDefault(b.Name));
        }
        finally { output.WriteLine(daemonLog.ToString()); }
    }
}
