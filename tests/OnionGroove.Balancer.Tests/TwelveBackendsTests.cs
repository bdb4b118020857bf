using System.Collections.Concurrent;
using OnionGroove.Balancer.Tor;
using OnionGroove.Demo;
using OnionGroove.Control.Protocol;
using OnionGroove.Crypto;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Balancer.Tests;

/// <summary>More backends than one descriptor can advertise, on a real private Tor network: the
/// HSDirs hold distinct descriptors that together carry every backend's intro points, and real tor
/// clients reach every one of the twelve backends through the frontend address.</summary>
// Each class starts a whole private Tor network (the twelve-backend one ~25 tor processes): one at a time.
[Collection("private Tor networks")]
[TestCaseOrderer("OnionGroove.Balancer.Tests.DeclarationOrderer", "OnionGroove.Balancer.Tests")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class TwelveBackendsTests(TwelveBackendsFixture f, ITestOutputHelper output) : IClassFixture<TwelveBackendsFixture>
{
    /// <summary>rend-spec §2.5.2.2 allows at most 20 introduction-point entries per descriptor.</summary>
    private const int MaxIntroPoints = 20;

    private static CancellationToken Timeout(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private void Say(string line)
    {
        output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {line}");
        f.Progress(line);
    }

    private OnionAddress Frontend => f.Stack.Frontend;

    [Fact, Order(1)]
    public async Task The_balancer_splits_the_twelve_backends_into_distinct_descriptors()
    {
        Metrics.ServiceStatus? svc = null;
        try
        {
            svc = await Eventually.LastAsync(() => f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0],
                s => s.Descriptors >= 2 && s.LastSuccessfulPublish is not null && s.Backends.All(b => b.Published),
                TimeSpan.FromSeconds(180), every: TimeSpan.FromSeconds(1));
            Assert.NotNull(svc);
            Say($"engine: {svc.Descriptors} descriptor(s), {svc.IntroPoints} intro points, published: " +
                string.Join(' ', svc.Backends.Select(b => $"{b.Name}={b.IntroPoints}{(b.Published ? "" : "(NOT published)")}")));
            Assert.All(svc.Backends, b => Assert.True(b.Published, $"{b.Name} not in any descriptor"));
            Assert.True(svc.Descriptors >= 2, $"{svc.IntroPoints} intro points in {svc.Descriptors} descriptor(s)");
            // The backends offer more intro points than one descriptor may list.
            Assert.True(svc.Backends.Sum(b => b.IntroPoints) > MaxIntroPoints, "the backends should offer more than 20 intro points");
            Assert.NotNull(svc.LastSuccessfulPublish);
        }
        catch { output.WriteLine(f.DaemonLog); throw; }
    }

    /// <summary>Which backend each intro point (by auth key) belongs to, from the backends' own
    /// descriptors as a client fetches them.</summary>
    private async Task<Dictionary<string, string>> IntroPointOwnersAsync(INetworkView view, CancellationToken ct)
    {
        var ids = f.Stack.Backends.Select(b => b.Address.ServiceId).ToList();
        var texts = await HsDirFetch.EachServiceAsync(f.Stack.Client, ids, TimeSpan.FromSeconds(60), ct);
        var owners = new Dictionary<string, string>();
        foreach (var b in f.Stack.Backends)
        {
            if (!texts.TryGetValue(b.Address.ServiceId, out var text)) { Say($"{b.Name}: no descriptor fetched"); continue; }
            var d = HsDirFetch.Decode(text, b.Address, view, DateTimeOffset.UtcNow, out var error);
            if (d is null) { Say($"{b.Name}: {error}"); continue; }
            foreach (var ip in d.IntroPoints) owners[Convert.ToHexString(ip.AuthKey)] = b.Name;
        }
        return owners;
    }

    /// <summary>What every HSDir responsible for the frontend's current descriptor holds: per HSDir,
    /// the intro point auth keys, with the reason when it holds nothing usable.</summary>
    private async Task<List<(string HsDir, IReadOnlyList<string>? Keys, string? Problem)>> HsDirHoldingsAsync(INetworkView view, CancellationToken ct)
    {
        var current = view.CandidatePeriods[1];
        var slots = view.SlotsFor(Frontend.PublicKey);
        var slot = slots.FirstOrDefault(s => s.Period.Number == current.Number) ?? slots[0];
        var answers = await HsDirFetch.FromEachAsync(f.Stack.Client, Frontend.ServiceId, slot.HsDirs.Select(h => h.Fingerprint.ToString()).ToList(),
            TimeSpan.FromSeconds(60), ct);
        var list = new List<(string, IReadOnlyList<string>?, string?)>();
        foreach (var a in answers)
        {
            if (a.Descriptor is null) { list.Add((a.HsDir, null, a.Failure)); continue; }
            var d = HsDirFetch.Decode(a.Descriptor, Frontend, view, DateTimeOffset.UtcNow, out var error);
            list.Add((a.HsDir, d?.IntroPoints.Select(ip => Convert.ToHexString(ip.AuthKey)).ToList(), error));
        }
        return list;
    }

    [Fact, Order(2)]
    public async Task The_hsdirs_hold_distinct_descriptors_that_together_carry_every_backend()
    {
        var ct = Timeout(200);
        var all = f.Stack.Backends.Select(b => b.Name).ToHashSet();
        HashSet<string> covered = [];
        List<(string HsDir, IReadOnlyList<string>? Keys, string? Problem)> held = [];
        await Eventually.LastAsync(async _ =>
        {
            var view = await HsDirFetch.ViewAsync(f.Stack.Client, ct);
            var owners = await IntroPointOwnersAsync(view, ct);
            held = await HsDirHoldingsAsync(view, ct);
            covered = held.Where(h => h.Keys is not null).SelectMany(h => h.Keys!)
                .Select(k => owners.GetValueOrDefault(k)).OfType<string>().ToHashSet();
            foreach (var h in held)
                Say(h.Keys is null ? $"HSDir {h.HsDir[..8]}: {h.Problem}"
                    : $"HSDir {h.HsDir[..8]}: {h.Keys.Count} intro points of " +
                      string.Join(',', h.Keys.Select(k => owners.GetValueOrDefault(k, "?")).Distinct().Order()));
            Say($"backends carried by the HSDirs' descriptors: {covered.Count}/{all.Count}");
            return covered;
        }, c => c.SetEquals(all), TimeSpan.FromSeconds(150), every: TimeSpan.FromSeconds(5), ct: ct);
        var descriptors = held.Where(h => h.Keys is not null).ToList();
        Assert.All(descriptors, h => Assert.True(h.Keys!.Count <= MaxIntroPoints, $"{h.HsDir}: {h.Keys.Count} intro points"));
        var distinct = descriptors.Select(h => string.Join(',', h.Keys!.Order())).Distinct().Count();
        Assert.True(distinct >= 2, $"the HSDirs hold {distinct} distinct descriptor(s)");
        Assert.Equal(all.Order(), covered.Order());
    }

    [Fact, Order(3)]
    public async Task Every_backend_serves_clients_through_the_frontend_address()
    {
        var ct = Timeout(240);
        var seen = new ConcurrentDictionary<string, int>();
        var errors = new ConcurrentBag<string>();
        int cacheChecks = 0, cacheMatches = 0, outside = 0, answered = 0;
        var all = f.Stack.Backends.Select(b => b.Name).ToHashSet();
        // Passes (one after the other) until every backend answered, for up to 200 s.
        await Eventually.LastAsync(async passesEnd =>
        {
            var view = await HsDirFetch.ViewAsync(f.Stack.Client, ct);
            var owners = await IntroPointOwnersAsync(view, ct);
            var held = await HsDirHoldingsAsync(view, ct);
            // One HSDir per distinct descriptor: fetching from it puts that descriptor in the
            // client's cache, so the next requests pick among its intro points only.
            var picks = held.Where(h => h.Keys is not null).GroupBy(h => string.Join(',', h.Keys!.Order())).Select(g => g.First()).ToList();
            // Start each pass with a clean client: NEWNYM forgets cached descriptors and the intro
            // point failure cache, where intro circuits that timed out on this loaded host would
            // otherwise keep those intro points (and their backends) out of every later pick.
            await NewIdentityAsync(ct);
            foreach (var pick in picks)
            {
                if (passesEnd.IsCancellationRequested) break;
                var answer = (await HsDirFetch.FromEachAsync(f.Stack.Client, Frontend.ServiceId, [pick.HsDir], TimeSpan.FromSeconds(30), ct)).Single();
                if (answer.Descriptor is null) { Say($"HSDir {pick.HsDir[..8]}: {answer.Failure}"); continue; }
                var expected = pick.Keys!.Select(k => owners.GetValueOrDefault(k)).OfType<string>().ToHashSet();

                // Is it really what the client will use? Read the client's cache.
                var cached = await CachedIntroKeysAsync(view, ct);
                cacheChecks++;
                if (cached is not null && cached.SetEquals(pick.Keys!)) cacheMatches++;

                var missing = all.Where(n => !seen.ContainsKey(n)).ToList();
                var requests = Math.Clamp(2 * expected.Count(missing.Contains), 4, 10);
                var results = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => FetchOnceAsync(ct)));
                foreach (var (who, error) in results)
                {
                    if (who is null) { errors.Add(error!); continue; }
                    answered++;
                    seen.AddOrUpdate(who, 1, (_, n) => n + 1);
                    if (!expected.Contains(who)) outside++;
                }
                Say($"via HSDir {pick.HsDir[..8]} ({string.Join(',', expected.Order())}): " +
                    string.Join(' ', results.Select(r => r.Who ?? "×")) + $"; seen {seen.Count}/{all.Count}");
                if (all.All(seen.ContainsKey)) break;
            }
            return all.All(seen.ContainsKey);
        }, done => done, TimeSpan.FromSeconds(200), every: TimeSpan.Zero);
        Say("answers per backend: " + string.Join(' ', all.Order().Select(n => $"{n}={seen.GetValueOrDefault(n)}")));
        Say($"client cache held the descriptor just fetched with SERVER= in {cacheMatches}/{cacheChecks} checks; " +
            $"{outside}/{answered} answers from a backend outside it; {errors.Count} failed request(s)");
        foreach (var e in errors.Distinct().Take(10)) Say("  failure: " + e);

        Assert.Equal(all.Order(), seen.Keys.Order());
        // The sites themselves counted the requests (health checks are off: nothing else connects).
        Assert.All(f.Stack.Backends, b => Assert.True(b.Site.Hits > 0, $"{b.Name}'s site was never asked"));
        // Nearly always: tor may refetch on its own after intro failures, or the balancer republish, in between.
        Assert.True(cacheMatches > 0 && cacheMatches * 5 >= cacheChecks * 4,
            $"HSFETCH SERVER= replaced the client's cached descriptor in only {cacheMatches}/{cacheChecks} checks");
    }

    private DateTimeOffset _lastNewnym = DateTimeOffset.MinValue;

    /// <summary>SIGNAL NEWNYM, no more often than tor honours it at once (every 10 s; later ones are
    /// delayed and would land in the middle of a pass).</summary>
    private async Task NewIdentityAsync(CancellationToken ct)
    {
        var wait = _lastNewnym + TimeSpan.FromSeconds(11) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
        await using var tor = await f.Stack.Client.ConnectAsync(ct);
        await tor.SignalAsync(Control.TorSignal.NewNym, ct);
        _lastNewnym = DateTimeOffset.UtcNow;
    }

    private async Task<(string? Who, string? Error)> FetchOnceAsync(CancellationToken ct)
    {
        try
        {
            // A fresh SOCKS username per request: a fresh circuit and a fresh intro point pick.
            var r = await OnionHttp.GetAsync(f.Stack.Client.SocksPort!.Value, new Uri($"http://{Frontend}/"), TimeSpan.FromSeconds(45), ct);
            return (DemoSite.WhoServed(r.Body), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            if (ct.IsCancellationRequested) throw;
            return (null, e.GetBaseException().Message);
        }
    }

    /// <summary>The intro point auth keys of the frontend descriptor in the client's cache
    /// (GETINFO hs/client/desc/id, control-spec §3.9), or null when it has none.</summary>
    private async Task<HashSet<string>?> CachedIntroKeysAsync(INetworkView view, CancellationToken ct)
    {
        await using var tor = await f.Stack.Client.ConnectAsync(ct);
        try
        {
            var text = await tor.GetInfoAsync("hs/client/desc/id/" + Frontend.ServiceId, ct);
            var d = HsDirFetch.Decode(text.EndsWith('\n') ? text : text + "\n", Frontend, view, DateTimeOffset.UtcNow, out var error);
            if (d is null) Say("cached descriptor unreadable: " + error);
            return d?.IntroPoints.Select(ip => Convert.ToHexString(ip.AuthKey)).ToHashSet();
        }
        catch (ControlCommandException e)
        {
            Say("no cached descriptor: " + e.Message);
            return null;
        }
    }
}
