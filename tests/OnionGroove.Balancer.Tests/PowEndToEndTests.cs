using System.Text.RegularExpressions;
using OnionGroove.Balancer.Selection;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Balancer.Tests;

/// <summary>The proof-of-work defence through the balancer, with real tor backends and a real tor
/// client: every frontend descriptor on the HSDirs carries pow-params whose seed is the one the
/// backends of its intro points advertise themselves, and the client reaches the site at effort 0.
/// With a suggested effort the client solves for the frontend's blinded key, which a stock tor
/// backend refuses (it verifies against its own; docs/pow.md) — so by default the balancer withholds
/// pow-params. Run with OG_TOR_BACKEND_EXECUTABLE set to a tor that also verifies for the frontend
/// and the solving client reaches the site instead.</summary>
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
    [Fact, Order(3)]
    public async Task With_a_suggested_effort_clients_solve_for_the_frontend_and_only_a_backend_tor_verifying_for_it_lets_them_in()
    {
        var ct = Timeout(420);
        const int effort = 16;
        var patched = PowEndToEndFixture.PatchedBackendTor is not null;
        Say(patched ? $"backends run {PowEndToEndFixture.PatchedBackendTor}" : "backends run the stock tor");
        f.SetPowConfig([.. PowEndToEndFixture.PublishedPow, $"pow_min_effort: {effort}"]);
        await WaitFrontendPowAsync(p => p is { SuggestedEffort: >= effort }, $"pow-params with suggested effort ≥ {effort}", ct);

        var offsets = f.Stack.Backends.ToDictionary(b => b.Name, b => new FileInfo(b.Tor.LogPath).Length);
        var rendOffsets = f.Stack.Backends.ToDictionary(b => b.Name, b => File.Exists(f.RendLogPath(b)) ? new FileInfo(f.RendLogPath(b)).Length : 0);
        var clientLog = Path.Combine(f.Stack.BaseDirectory, "solver1-rend.log");
        await using var client = await StartClientAsync("solver1", clientLog, ct);
        var started = DateTimeOffset.UtcNow;
        // A client without PoW reaches this site in seconds; a minute of failures with no success is the refusal.
        var who = await TryReachAsync(client, TimeSpan.FromSeconds(patched ? 150 : 60), ct);
        var took = DateTimeOffset.UtcNow - started;
        var solutions = Regex.Matches(ReadShared(clientLog), @"Proof of work solution \(effort (\d+)\) found(?: using \S+ implementation in ([0-9.]+) seconds)?").ToList();
        var solved = solutions.Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var solveSeconds = string.Join(',', solutions.Select(m => m.Groups[2].Value).Where(v => v.Length > 0));
        // Each refused INTRODUCE2 logs why (hs_pow.c, at warn) and then "Invalid PoW cell extension" (hs_cell.c, a protocol warning).
        var backendLines = f.Stack.Backends.SelectMany(b => ReadShared(b.Tor.LogPath, offsets[b.Name]).Split('\n')).ToList();
        var refusals = backendLines.Count(l => l.Contains("Invalid PoW cell extension", StringComparison.Ordinal));
        var reasons = backendLines.Where(l => l.Contains("PoW failed", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("Verification", StringComparison.Ordinal) is var i and >= 0 ? i : 0)..].Trim()).Distinct().ToList();
        // hs_cell.c and hs_circuit.c at info: a solution that verified, and the effort its request was served at.
        var rendLines = f.Stack.Backends.SelectMany(b => ReadShared(f.RendLogPath(b), rendOffsets[b.Name]).Split('\n')).ToList();
        var verified = rendLines.Count(l => l.Contains("PoW INTRODUCE2 request successfully verified", StringComparison.Ordinal));
        var servedEfforts = rendLines.Select(l => Regex.Match(l, @"Dequeued pending rendezvous request with effort: (\d+)"))
            .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Say($"backends verified {verified} PoW solution(s), served requests at efforts {string.Join(',', servedEfforts)}");
        Say($"client solved {solved.Count} puzzle(s) (efforts {string.Join(',', solved)}; solver seconds {solveSeconds}); backends refused {refusals} INTRODUCE2 cell(s)" +
            (reasons.Count > 0 ? $" ({string.Join("; ", reasons)})" : "") + "; " +
            (who is null ? $"site NOT reached in {took.TotalSeconds:0} s" : $"reached ({who}) after {took.TotalSeconds:0} s"));

        Assert.NotEmpty(solved);
        Assert.All(solved, e => Assert.True(e >= effort, $"solved at effort {e} < {effort}"));
        if (patched)
        {
            Assert.NotNull(who);
            Assert.Equal(0, refusals);
            // Not merely ignored: the backend checked the solution (against the frontend's blinded key) and queued it at its effort.
            Assert.True(verified > 0, "no backend logged a verified PoW solution");
            Assert.Contains(servedEfforts, e => e >= effort);
        }
        else
        {
            Assert.Equal(0, verified);
            Assert.Null(who);
            Assert.True(refusals > 0, "the stock backends logged no refused PoW solution");
            Assert.NotEmpty(reasons);
        }
    }

    [Fact, Order(4)]
    public async Task By_default_on_or_follow_withholds_pow_params_and_a_client_reaches_the_site_without_solving()
    {
        var ct = Timeout(300);
        f.SetPowConfig("pow: follow", "pow_min_effort: 16");
        await Eventually.TrueAsync(() => f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0].Pow == PowPublishing.Withheld,
            "status shows pow-params withheld", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500), ct);
        Assert.Contains("WARNING: ", f.DaemonLog);
        Assert.Contains("NO pow-params", f.DaemonLog);
        await WaitFrontendPowAsync(p => p is null, "no pow-params", ct);

        var clientLog = Path.Combine(f.Stack.BaseDirectory, "solver2-rend.log");
        await using var client = await StartClientAsync("solver2", clientLog, ct);
        var started = DateTimeOffset.UtcNow;
        var who = await TryReachAsync(client, TimeSpan.FromSeconds(150), ct);
        Say(who is null ? "site NOT reached" : $"reached ({who}) after {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s");
        Assert.NotNull(who);
        Assert.DoesNotContain("Solving proof of work", ReadShared(clientLog));
        // The backends keep their own defence (queue, rate limit) and the status still shows it.
        Assert.All(f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services[0].Backends, b => Assert.NotNull(b.PowEffort));
    }

    /// <summary>Until every HSDir clients fetch from serves a frontend descriptor whose pow-params satisfy <paramref name="ok"/>.</summary>
    private async Task WaitFrontendPowAsync(Func<PowParams?, bool> ok, string what, CancellationToken ct)
    {
        var seen = "";
        var done = await Eventually.LastAsync(async token =>
        {
            var view = await HsDirFetch.ViewAsync(f.Stack.Client, ct);
            var slots = view.SlotsFor(Frontend.PublicKey);
            var slot = slots.FirstOrDefault(s => s.Period.Number == view.CandidatePeriods[1].Number) ?? slots[0];
            var answers = await HsDirFetch.FromEachAsync(f.Stack.Client, Frontend.ServiceId,
                slot.HsDirs.Where(h => h.ClientsFetchHere).Select(h => h.Fingerprint.ToString()).ToList(), TimeSpan.FromSeconds(60), ct);
            var pows = answers.Select(a => a.Descriptor is null ? null : HsDirFetch.Decode(a.Descriptor, Frontend, view, DateTimeOffset.UtcNow, out _))
                .Select(d => d is null ? "undecodable" : d.Pow is { } p ? $"effort {p.SuggestedEffort}" : "no pow-params").ToList();
            seen = string.Join(", ", pows);
            return answers.Count > 0 && answers.All(a => a.Descriptor is not null
                && HsDirFetch.Decode(a.Descriptor, Frontend, view, DateTimeOffset.UtcNow, out _) is { } d && ok(d.Pow));
        }, x => x, TimeSpan.FromSeconds(150), every: TimeSpan.FromSeconds(5), ct: ct);
        Say($"frontend descriptors on the HSDirs: {seen}");
        if (!done) output.WriteLine(f.DaemonLog);
        Assert.True(done, $"HSDirs never all served {what} (last: {seen})");
    }

    /// <summary>A fresh client tor (no cached descriptor) logging its rendezvous/PoW steps at info to <paramref name="log"/>.</summary>
    private async Task<TorProcess> StartClientAsync(string name, string log, CancellationToken ct)
    {
        var tor = await f.Stack.Network.StartTorAsync([$"Log [rend]info file {log}"], name: name, socks: true, ct);
        await f.Stack.Network.WaitForBootstrapAsync(tor, ct);
        return tor;
    }

    /// <summary>Fetches the site through <paramref name="client"/> until a backend answers (its name) or <paramref name="within"/> passes (null).</summary>
    private async Task<string?> TryReachAsync(TorProcess client, TimeSpan within, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < until)
        {
            var left = until - DateTimeOffset.UtcNow;
            try
            {
                var r = await OnionHttp.GetAsync(client.SocksPort!.Value, new Uri($"http://{Frontend}/"),
                    left < TimeSpan.FromSeconds(30) ? left : TimeSpan.FromSeconds(30), ct);
                if (r.Status == System.Net.HttpStatusCode.OK) return Demo.DemoSite.WhoServed(r.Body) ?? "a backend";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested) { }
            await Task.Delay(1000, ct);
        }
        return null;
    }

    /// <summary>A tor log from <paramref name="offset"/>, read while tor still writes it.</summary>
    private static string ReadShared(string path, long offset = 0)
    {
        if (!File.Exists(path)) return "";
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        s.Seek(Math.Min(offset, s.Length), SeekOrigin.Begin);
        return new StreamReader(s).ReadToEnd();
    }
}
