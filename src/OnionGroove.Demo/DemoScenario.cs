namespace OnionGroove.Demo;

/// <summary>What the demo shows, as steps the tests run too: the balancer publishes one descriptor
/// holding every backend's intro points; requests on fresh circuits reach every backend; a backend
/// is killed and the site keeps answering from the others.</summary>
public static class DemoScenario
{
    public sealed record Outcome(
        int IntroPoints,
        int BackendsInDescriptor,
        IReadOnlyDictionary<string, int> AnsweredBefore,
        int FailedBefore,
        string Killed,
        IReadOnlyDictionary<string, int> AnsweredAfter,
        int FailedAfter)
    {
        /// <summary>Every backend answered before the kill, and the site answered after it, never from the killed one.</summary>
        public bool ShowedBalancing(IEnumerable<string> backends) =>
            backends.All(b => AnsweredBefore.GetValueOrDefault(b) > 0)
            && AnsweredAfter.Values.Sum() > 0 && AnsweredAfter.GetValueOrDefault(Killed) == 0;
    }

    /// <param name="requests">Requests at least, before and after the kill.</param>
    /// <param name="maxRequests">Before the kill, requests go on until every backend answered once,
    /// up to this many (a private network's intro point choice is uneven, a 2-backend site can
    /// answer 5 in a row from one backend).</param>
    public static async Task<Outcome> RunAsync(DemoStack stack, int requests, int maxRequests, Action<string> say, CancellationToken ct)
    {
        // 1. Fetching before every backend is in a confirmed descriptor would cache one without
        // them in the client (tor keeps a descriptor while its intro points work): wait for it.
        say("waiting until the balancer has published a descriptor with every backend's intro points…");
        var svc = await WaitAllPublishedAsync(stack, TimeSpan.FromMinutes(4), ct);
        say($"balancer: descriptor published with {svc.IntroPoints} intro points from {svc.Backends.Count(b => b.Published)} backends " +
            $"({string.Join(", ", svc.Backends.Select(b => $"{b.Name}: {b.IntroPoints}"))}), confirmed by {svc.HsDirs.Count(h => h.Uploads > 0)} HSDirs");

        // 2. Each request on a fresh circuit (a new SOCKS username; tor isolates by it), so each
        // picks an intro point, and so a backend, at random.
        var names = stack.Backends.Select(b => b.Name).ToList();
        var before = new Dictionary<string, int>();
        var failedBefore = 0;
        for (var i = 1; i <= maxRequests && (i <= requests || names.Any(n => !before.ContainsKey(n))); i++)
        {
            var (who, error) = await stack.FetchAsync(TimeSpan.FromSeconds(45), ct);
            if (who is null) failedBefore++; else before[who] = before.GetValueOrDefault(who) + 1;
            say(who is not null ? $"request {i}: answered by backend {who}" : $"request {i}: failed ({error})");
        }

        // 3. A backend dies (its tor and its site, stopped by pid). Clients holding the descriptor
        // try another intro point; the balancer's health check drops it from the next descriptor.
        var victim = stack.Backends[0];
        await victim.KillAsync();
        say($"killed backend {victim.Name} (its tor and its web server)");
        var after = new Dictionary<string, int>();
        var failedAfter = 0;
        for (var i = 1; i <= requests; i++)
        {
            var (who, error) = await stack.FetchAsync(TimeSpan.FromSeconds(45), ct);
            if (who is null) failedAfter++; else after[who] = after.GetValueOrDefault(who) + 1;
            say(who is not null ? $"request {i} after the kill: answered by backend {who}" : $"request {i} after the kill: failed ({error})");
        }
        var now = stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0];
        var dropped = now.Backends.Single(b => b.Name == victim.Name);
        if (!dropped.Published)
            say($"balancer: {victim.Name} failed its health check and left the descriptor ({now.IntroPoints} intro points from {now.Backends.Count(b => b.Published)} backends now)");
        return new Outcome(svc.IntroPoints, svc.Backends.Count(b => b.Published), before, failedBefore, victim.Name, after, failedAfter);
    }

    private static async Task<OnionGroove.Balancer.Metrics.ServiceStatus> WaitAllPublishedAsync(DemoStack stack, TimeSpan limit, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + limit;
        DateTimeOffset? allSince = null;
        while (true)
        {
            var svc = stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0];
            if (svc.Backends.All(b => b.Published)) allSince ??= DateTimeOffset.UtcNow;
            else allSince = null;
            // An HSDir confirmed an upload made after every backend was in the descriptor.
            if (allSince is { } t && svc.LastSuccessfulPublish > t)
            {
                // The other HSDirs' uploads of the same descriptor land within seconds: give them
                // time, the client may ask any of them.
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
                return stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0];
            }
            if (DateTimeOffset.UtcNow > until)
                throw new TimeoutException($"the balancer did not publish a descriptor with every backend within {limit.TotalSeconds:0} s " +
                    $"(in it: {string.Join(", ", svc.Backends.Where(b => b.Published).Select(b => b.Name))})");
            await Task.Delay(500, ct);
        }
    }
}
