using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Balancer.Tests;

/// <summary>The proof-of-work defence through the balancer, with real tor backends and a real tor
/// client: every frontend descriptor on the HSDirs carries pow-params whose seed is the one the
/// backends of its intro points advertise themselves, and the client reaches the site.</summary>
[Collection("private Tor networks")]
[TestCaseOrderer("OnionGroove.Balancer.Tests.DeclarationOrderer", "OnionGroove.Balancer.Tests")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class PowEndToEndTests(PowEndToEndFixture f, ITestOutputHelper output) : IClassFixture<PowEndToEndFixture>
{
    private static CancellationToken Timeout(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private void Say(string line)
    {
        output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {line}");
        f.Progress(line);
    }

    private OnionAddress Frontend => f.Stack.Frontend;

    [Fact, Order(1)]
    public async Task A_tor_client_reaches_the_site_through_a_descriptor_with_pow_params()
    {
        try
        {
            var who = await f.Stack.WaitReachableAsync(TimeSpan.FromSeconds(180), Timeout(200));
            Say($"reached, answered by {who}");
            // The other backend's descriptor may still be on its way to the balancer.
            var svc = await Eventually.LastAsync(() => f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0],
                s => s.Backends.All(b => b.PowEffort is not null), TimeSpan.FromSeconds(120), every: TimeSpan.FromSeconds(1));
            Assert.All(svc.Backends, b => Assert.NotNull(b.PowEffort));
            Assert.All(svc.Backends, b => Assert.NotNull(b.PowSeedAgeSeconds));
            Say("status: " + string.Join(' ', svc.Backends.Select(b => $"{b.Name} effort={b.PowEffort} seed age={b.PowSeedAgeSeconds:0}s")));
        }
        catch { output.WriteLine(f.DaemonLog); throw; }
    }

    [Fact, Order(2)]
    public async Task Every_frontend_descriptor_lists_only_backends_of_the_seed_it_advertises()
    {
        var ct = Timeout(200);
        var checkedDescriptors = 0;
        var problems = new List<string>();
        await Eventually.LastAsync(async _ =>
        {
            problems.Clear();
            checkedDescriptors = 0;
            var view = await HsDirFetch.ViewAsync(f.Stack.Client, ct);
            // Each backend's own seed and intro points, from its descriptor as a client gets it.
            var texts = await HsDirFetch.EachServiceAsync(f.Stack.Client, f.Stack.Backends.Select(b => b.Address.ServiceId).ToList(),
                TimeSpan.FromSeconds(60), ct);
            var seedOfIntroPoint = new Dictionary<string, string>();
            foreach (var b in f.Stack.Backends)
            {
                if (!texts.TryGetValue(b.Address.ServiceId, out var text)) { problems.Add($"{b.Name}: no descriptor fetched"); continue; }
                var d = HsDirFetch.Decode(text, b.Address, view, DateTimeOffset.UtcNow, out var error);
                if (d?.Pow?.Seed is not { } seed) { problems.Add($"{b.Name}: {error ?? "no pow-params in its own descriptor"}"); continue; }
                foreach (var ip in d.IntroPoints) seedOfIntroPoint[Convert.ToHexString(ip.AuthKey)] = Convert.ToBase64String(seed);
            }
            var slots = view.SlotsFor(Frontend.PublicKey);
            var slot = slots.FirstOrDefault(s => s.Period.Number == view.CandidatePeriods[1].Number) ?? slots[0];
            var answers = await HsDirFetch.FromEachAsync(f.Stack.Client, Frontend.ServiceId,
                slot.HsDirs.Where(h => h.ClientsFetchHere).Select(h => h.Fingerprint.ToString()).ToList(), TimeSpan.FromSeconds(60), ct);
            foreach (var a in answers)
            {
                if (a.Descriptor is null) { problems.Add($"HSDir {a.HsDir[..8]}: {a.Failure}"); continue; }
                var d = HsDirFetch.Decode(a.Descriptor, Frontend, view, DateTimeOffset.UtcNow, out var error);
                if (d is null) { problems.Add($"HSDir {a.HsDir[..8]}: {error}"); continue; }
                if (d.Pow?.Seed is not { } seed) { problems.Add($"HSDir {a.HsDir[..8]}: frontend descriptor without pow-params"); continue; }
                var advertised = Convert.ToBase64String(seed);
                var seeds = d.IntroPoints.Select(ip => seedOfIntroPoint.GetValueOrDefault(Convert.ToHexString(ip.AuthKey), "unknown")).Distinct().ToList();
                Say($"HSDir {a.HsDir[..8]}: {d.IntroPoints.Count} intro points, pow-params seed {advertised[..8]}…, effort {d.Pow.SuggestedEffort}; " +
                    $"intro points' backend seeds: {string.Join(',', seeds.Select(x => x[..Math.Min(8, x.Length)]))}");
                if (seeds.Count != 1 || seeds[0] != advertised) problems.Add($"HSDir {a.HsDir[..8]}: seeds of its intro points {string.Join(',', seeds)} ≠ {advertised}");
                else checkedDescriptors++;
            }
            foreach (var p in problems) Say(p);
            return problems.Count == 0 && checkedDescriptors > 0;
        }, ok => ok, TimeSpan.FromSeconds(150), every: TimeSpan.FromSeconds(10));
        if (problems.Count > 0 || checkedDescriptors == 0) output.WriteLine(f.DaemonLog);
        Assert.Empty(problems);
        Assert.True(checkedDescriptors > 0);
    }
}
