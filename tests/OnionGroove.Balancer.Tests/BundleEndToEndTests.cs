using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using OnionGroove.Balancer.Health;
using OnionGroove.Control;
using OnionGroove.Control.Events;
using OnionGroove.Control.Protocol;
using OnionGroove.Crypto;
using OnionGroove.Demo;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.Offline;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Balancer.Tests;

/// <summary>
/// Issue #12, "proof with real tor": a balancer holding only signing bundles, on a private Tor network of
/// 4-minute periods (<see cref="BundleEndToEndFixture"/>), serves real tor clients across a period change with and
/// without client authorisation; a bundle that runs out takes its frontend off the network and a refreshed one
/// brings it back without a restart; stem reads what the network serves; tor refuses a descriptor whose signing-key
/// certificate has expired; and no identity or blinded secret key is anywhere under the balancer's folder. The tests
/// share one network and run in their Order (the ones that need no period change run while the network moves
/// towards the next; then the period change, at which the run-out bundle ends too: one change serves both; the
/// scan last).
/// </summary>
[TestCaseOrderer("OnionGroove.Balancer.Tests.DeclarationOrderer", "OnionGroove.Balancer.Tests")]
[Collection("private Tor networks")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class BundleEndToEndTests(BundleEndToEndFixture f, ITestOutputHelper output) : IClassFixture<BundleEndToEndFixture>
{
    private static CancellationToken Timeout(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private void Report(string what, Stopwatch clock) => output.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:0} s (network ready {(DateTimeOffset.UtcNow - f.ReadyAt).TotalSeconds:0} s ago)");

    /// <summary>Runs a test's body, then reports how long it took and the balancer's log, whatever the outcome.</summary>
    private async Task TimedAsync(string what, Func<Stopwatch, Task> body)
    {
        var clock = Stopwatch.StartNew();
        try { await body(clock); }
        finally
        {
            Report(what, clock);
            output.WriteLine(f.DaemonLog);
        }
    }

    /// <summary>The period the client is in: tor takes it from its consensus' valid-after (hs_get_time_period_num).</summary>
    private async Task<TimePeriod> ClientPeriodAsync()
    {
        await using var c = await f.Client.ConnectAsync(Timeout(30));
        var times = await c.GetConsensusTimesAsync(Timeout(30));
        Assert.True(times.IsSuccess, times.Error?.ToString());
        return f.Schedule.PeriodAt(times.Value.ValidAfter);
    }

    /// <summary>Waits until the client's consensus is in <paramref name="period"/> or a later one.</summary>
    private async Task<TimePeriod> WaitForPeriodAsync(TimePeriod period)
    {
        var within = period.Start - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        return await Eventually.ValueAsync(_ => ClientPeriodAsync(), p => p.Number >= period.Number, $"the client in period {period.Number}",
            within > TimeSpan.Zero ? within : TimeSpan.FromSeconds(90), every: TimeSpan.FromSeconds(2));
    }

    /// <summary>SIGNAL NEWNYM: tor drops its onion-service client state (descriptor cache, the HSDirs it asked
    /// lately, intro-point failures: hs_client_purge_state) and stops reusing circuits, so the next request
    /// fetches a descriptor afresh. tor runs at most one NEWNYM every 10 s (later ones wait).</summary>
    private async Task NewNymAsync()
    {
        await using var c = await f.Client.ConnectAsync(Timeout(30));
        await c.SignalAsync(TorSignal.NewNym, Timeout(30));
    }

    /// <summary>One GET through the client after a NEWNYM, repeated until a backend answers.</summary>
    private Task<string> ReachAsync(BundleFrontend frontend, TimeSpan within) =>
        Eventually.ValueAsync(async ct =>
        {
            await NewNymAsync();
            try
            {
                var r = await OnionHttp.GetAsync(f.Client.SocksPort!.Value, new Uri($"http://{frontend.Address}/"), TimeSpan.FromSeconds(40), ct);
                return DemoSite.WhoServed(r.Body) ?? "";
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException) { return ""; }
        }, who => who.Length > 0, $"{frontend} reachable through the client", within, every: TimeSpan.FromSeconds(11));

    /// <summary>What tor tells the client when it asks for <paramref name="frontend"/> (SOCKS5 extended errors).</summary>
    private async Task<string> ProbeAsync(BundleFrontend frontend)
    {
        await NewNymAsync();
        var r = await SocksProbe.ProbeAsync(new IPEndPoint(IPAddress.Loopback, f.Client.SocksPort!.Value), frontend.Address.ToString(), 80,
            TimeSpan.FromSeconds(40), Timeout(50));
        return r.Reachable ? "reachable" : r.Detail;
    }

    /// <summary>The descriptor the network serves the client for <paramref name="frontend"/> now (HSFETCH), with the
    /// period it verifies for.</summary>
    private async Task<(string Text, TimePeriod Period, HsDescriptor Decoded)> FetchAsync(BundleFrontend frontend)
    {
        var (text, period, decoded) = await Eventually.ValueAsync<(string? Text, TimePeriod Period, HsDescriptor? Decoded)>(async ct =>
        {
            await using var c = await f.Client.ConnectAsync(Timeout(30));
            var fetched = await c.FetchHsDescriptorAsync(frontend.Address, TimeSpan.FromSeconds(45), Timeout(60));
            if (!fetched.TryGet(out var t, out _)) return (null, default, null);
            var p = await ClientPeriodAsync();
            foreach (var candidate in new[] { p, p.Previous, p.Next })
            {
                var d = HsDescriptorDecoder.Decode(Encoding.ASCII.GetBytes(t), frontend.Address, candidate,
                    frontend == f.WithAuth ? f.ClientKey : null, DateTimeOffset.UtcNow);
                if (d.IsSuccess) return (t, candidate, d.Value);
            }
            return (t, default, null);
        }, r => r.Item3 is not null, $"{frontend}'s descriptor from the network", TimeSpan.FromSeconds(120), every: TimeSpan.FromSeconds(3));
        return (text!, period, decoded!);
    }

    /// <summary>The bundle's certificate is the one in the descriptor: signed with the bundle's key for that period.</summary>
    private static void AssertSignedWithBundle(BundleFrontend frontend, TimePeriod period, HsDescriptor decoded)
    {
        Assert.True(SigningBundleFile.Read(frontend.BundlePath).TryGet(out var bundle, out var problem), problem?.Message);
        using (bundle)
        {
            var keys = bundle.For(period);
            Assert.NotNull(keys);
            Assert.Equal(keys!.SigningPublicKey.AsSpan().ToArray(), decoded.OuterLayer.SigningKey);
            Assert.Equal(keys.Certificate.Encoded, decoded.OuterLayer.SigningKeyCert.Encoded);
        }
    }

    [Fact, Order(1)]
    public Task Clients_reach_every_frontend_of_a_balancer_that_holds_only_bundles()
        => TimedAsync("reach", async clock =>
    {
        Assert.Empty(Directory.GetFiles(f.BalancerDirectory, "hs_ed25519_secret_key", SearchOption.AllDirectories));
        // The run-out frontend first: its bundle ends with the period the balancer started in.
        foreach (var frontend in new[] { f.RunOut, f.WithAuth, f.Open })
        {
            var who = await ReachAsync(frontend, TimeSpan.FromSeconds(150));
            Assert.Contains(who, f.Backends.Select(b => b.Name));
            output.WriteLine($"{frontend} reached (served by {who}) in period {(await ClientPeriodAsync()).Number}");
        }
        // The period-change test counts from here (the later period, if one began during the loop).
        f.FirstReached = await ClientPeriodAsync();
        // Client authorisation is on for one frontend only: without the client key its second layer stays closed.
        var (text, period, decoded) = await FetchAsync(f.WithAuth);
        Assert.True(decoded.UsedClientAuth);
        Assert.Equal(DescriptorErrorKind.DecryptionFailed,
            HsDescriptorDecoder.Decode(Encoding.ASCII.GetBytes(text), f.WithAuth.Address, period, now: DateTimeOffset.UtcNow).Error!.Kind);
        AssertSignedWithBundle(f.WithAuth, period, decoded);
        var open = await FetchAsync(f.Open);
        Assert.False(open.Decoded.UsedClientAuth);
        // stem reads this one next (a second fetch would only cost time on a busy network).
        f.OpenFetched = (open.Text, open.Period);

        var services = f.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services;
        Assert.Equal(3, services.Count);
        Assert.All(services, s => Assert.NotNull(s.SigningBundleRunsOut));
        Assert.Contains("signing with the bundle", f.DaemonLog);
    });

    /// <summary>One period change: what the balancer does at one it does at every one (a new blinded key, new HSDirs,
    /// the bundle's next signing key), and the first test already saw descriptors of two periods published (the
    /// current and the next, rend-spec-v3 §2.2.1). The run-out bundle ends at the same change (the next test).</summary>
    [Fact, Order(4)]
    public Task The_site_stays_reachable_across_a_period_change_with_and_without_client_authorisation()
        => TimedAsync("period change", async clock =>
    {
        // Counted from the period the first test reached every frontend in (when run alone: from now).
        var next = (f.FirstReached ?? await ClientPeriodAsync()).Next;
        var now = await WaitForPeriodAsync(next);
        output.WriteLine($"client in period {now.Number} after {clock.Elapsed.TotalSeconds:0} s");
        foreach (var frontend in new[] { f.WithAuth, f.Open })
        {
            var who = await ReachAsync(frontend, TimeSpan.FromSeconds(120));
            // What the network serves now is signed with the bundle's key for the new period.
            var (_, period, decoded) = await FetchAsync(frontend);
            Assert.True(period.Number >= next.Number, $"{frontend}: the network served period {period.Number}'s descriptor in period {now.Number}");
            AssertSignedWithBundle(frontend, period, decoded);
            output.WriteLine($"  {frontend}: served by {who}, descriptor of period {period.Number} signed with the bundle's key");
        }
        Assert.Equal(0, f.Daemon.OwnTor!.Restarts);
    });

    [Fact, Order(5)]
    public Task A_run_out_bundle_takes_the_frontend_off_and_a_refreshed_one_brings_it_back_without_a_restart()
        => TimedAsync("run out and refresh", async clock =>
    {
        var pid = f.Daemon.OwnTor!.Pid;
        await WaitForPeriodAsync(f.RunOutLast.Next);
        // Clients drop a cached descriptor when their consensus reaches the next period (hs_cache.c) and look the
        // site up under the new period's blinded key, for which the balancer had nothing to sign with.
        var answer = await Eventually.LastAsync(_ => ProbeAsync(f.RunOut), a => a == "onion service descriptor not found",
            TimeSpan.FromSeconds(120), every: TimeSpan.FromSeconds(1));
        Assert.Equal("onion service descriptor not found", answer);
        Assert.Contains($"ERROR service {f.RunOut.Address}: the signing bundle has no key for time period {f.RunOutLast.Next.Number}", f.DaemonLog);
        output.WriteLine($"{f.RunOut} unreachable after its bundle ran out ({clock.Elapsed.TotalSeconds:0} s)");

        // The refresh: a new bundle renamed over the old file, no signal, no restart.
        var (first, count) = SigningBundleIssuer.Span(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(20), f.Schedule.LengthMinutes, f.Schedule.RotationOffsetMinutes);
        f.RunOut.WriteBundle(first, count);
        await Eventually.TrueAsync(() => f.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services.Single(s => s.Service.ToString() == f.RunOut.Address.ServiceId)
            .SigningBundleRunsOut > DateTimeOffset.UtcNow.AddMinutes(10), "the refreshed bundle loaded", TimeSpan.FromSeconds(30), every: TimeSpan.FromMilliseconds(200));
        var who = await ReachAsync(f.RunOut, TimeSpan.FromSeconds(150));
        output.WriteLine($"{f.RunOut} reachable again after the refresh (served by {who}, {clock.Elapsed.TotalSeconds:0} s)");
        var (_, period, decoded) = await FetchAsync(f.RunOut);
        AssertSignedWithBundle(f.RunOut, period, decoded);
        Assert.Equal(pid, f.Daemon.OwnTor!.Pid);
        Assert.Equal(0, f.Daemon.OwnTor!.Restarts);
        Assert.Contains("configuration reloaded", f.DaemonLog);
    });

    [Fact, Order(2)]
    public async Task Stem_decodes_a_bundle_signed_descriptor_fetched_from_the_network()
    {
        Assert.True(ExternalProgram.Exists("/usr/bin/python3"), "/usr/bin/python3 (with stem) is required");
        // The descriptor the first test fetched from the network (when run alone: fetched now).
        var (text, period) = f.OpenFetched ?? await FetchOpenAsync();
        using var tmp = new TempDir("ogstem");
        File.WriteAllText(tmp["desc"], text);
        // stem_decode.py (shared with the Descriptors tests): stem parses the outer layer with validation, checks the
        // descriptor signature under the certified key, the script checks the certificate chains to the blinded key it
        // derives itself, and stem decrypts both layers.
        var script = Path.Combine(AppContext.BaseDirectory, "py", "stem_decode.py");
        var r = ExternalProgram.Run("/usr/bin/python3", [script, tmp["desc"], f.Open.Address.ToString(), period.Number.ToString(), period.LengthMinutes.ToString()]);
        Assert.True(r.ExitCode == 0, $"stem failed: {r.Stderr}{r.Stdout}");
        var s = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.True(SigningBundleFile.Read(f.Open.BundlePath).TryGet(out var bundle, out _));
        using (bundle)
        {
            var keys = bundle.For(period)!;
            Assert.Equal(Convert.ToHexStringLower(keys.SigningPublicKey.AsSpan()), s.GetProperty("signing_key").GetString());
            Assert.Equal(keys.Expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), s.GetProperty("cert_expires").GetString());
        }
        Assert.Equal(Convert.ToHexStringLower(f.Open.Address.PublicKey.Blind(period).AsSpan()), s.GetProperty("blinded_key").GetString());
        Assert.InRange(s.GetProperty("intro_points").GetArrayLength(), 1, 20);
        output.WriteLine(r.Stdout);
    }

    private async Task<(string, TimePeriod)> FetchOpenAsync()
    {
        var (text, period, _) = await FetchAsync(f.Open);
        return (text, period);
    }

    [Fact, Order(3)]
    public async Task Tor_refuses_a_descriptor_whose_signing_key_certificate_has_expired()
    {
        var clock = Stopwatch.StartNew();
        // Real intro points (a backend's, which accepts introductions for this address: ob_config) so that the same
        // descriptor with a valid certificate is a working site.
        var web1 = f.Backends[0];
        var view = await HsDirFetch.ViewAsync(f.Client, Timeout(30));
        var backend = await Eventually.ValueAsync(async ct =>
        {
            await using var c = await f.Client.ConnectAsync(Timeout(30));
            var t = await c.FetchHsDescriptorAsync(web1.Address, TimeSpan.FromSeconds(45), Timeout(60));
            return t.TryGet(out var text, out _) ? HsDirFetch.Decode(text, web1.Address, view, DateTimeOffset.UtcNow, out _) : null;
        }, d => d is not null, "web1's descriptor", TimeSpan.FromSeconds(90), every: TimeSpan.FromSeconds(3));
        var intros = backend!.IntroPoints.Select(IntroPointSpec.FromParsed).ToList();
        var period = await ClientPeriodAsync();

        // rend-spec-v3 §2.4: descriptor-signing-key-cert is a cert-spec type 08 certificate; cert-spec §2.1: its
        // EXPIRATION_DATE (hours since the epoch) is checked by whoever validates it. A certificate that expired two
        // hours ago (the intro-point certificates the builder issues under it share its expiry).
        var expired = HsDescriptorBuilder.Build(f.Posted.Key, period, intros, new DescriptorBuildOptions
        {
            RevisionCounter = new RevisionCounter(1), Now = DateTimeOffset.UtcNow, CertLifetime = TimeSpan.FromHours(-3),
        });
        Assert.True(expired.IsSuccess, expired.Error?.ToString());
        Assert.True(expired.Value.CertExpires < DateTimeOffset.UtcNow.AddHours(-1));

        await using var c = await f.Client.ConnectAsync(Timeout(30));
        // LOG_PROTOCOL_WARN messages (tor's hs_descriptor.c cert_is_valid) reach the notice log only with ProtocolWarnings.
        await c.SetConfAsync("ProtocolWarnings", "1", Timeout(30));
        var hsdirs = new List<string>();
        foreach (var relay in f.Network.Relays.Concat(f.Network.Authorities)) hsdirs.Add(await relay.FingerprintAsync(Timeout(30)));

        // tor decodes a descriptor's outer layer before posting it (hs_control_hspost_command → hs_desc_decode_plaintext),
        // with the same check an HSDir makes before storing it (hs_cache_store_as_dir) and a client before using it
        // (hs_client_decode_descriptor): the certificate's signature and expiry (cert_is_valid → tor_cert_checksig).
        var refused = await Assert.ThrowsAsync<ControlCommandException>(() => c.HsPostAsync(expired.Value.AsString(), f.Posted.Address, hsdirs, Timeout(30)));
        output.WriteLine($"HSPOST of the expired descriptor: {refused.Status} {refused.ReplyText}");
        Assert.Equal(554, refused.Status);
        var log = await Eventually.ValueAsync(() => File.ReadAllText(f.Client.LogPath), l => l.Contains("xpired"), "the client's log says why",
            TimeSpan.FromSeconds(10));
        output.WriteLine(string.Join('\n', log.Split('\n').Where(l => l.Contains("xpired"))));
        Assert.Contains("signing key", log.Split('\n').Last(l => l.Contains("xpired")));
        // Nothing for this address reached an HSDir: the client cannot find it.
        Assert.Equal("onion service descriptor not found", await ProbeAsync(f.Posted));

        // The same descriptor with a valid certificate (tor's own 54-hour lifetime) is taken by every HSDir and works;
        // posted for this period and the next, so that a period change during the test does not matter.
        using var events = c.SubscribeEvents();
        await c.SetEventsAsync(["HS_DESC"], Timeout(30));
        foreach (var p in new[] { period, period.Next })
        {
            var valid = HsDescriptorBuilder.Build(f.Posted.Key, p, intros, new DescriptorBuildOptions
            {
                RevisionCounter = new RevisionCounter(2), Now = DateTimeOffset.UtcNow,
            });
            Assert.True(valid.IsSuccess, valid.Error?.ToString());
            await c.HsPostAsync(valid.Value.AsString(), f.Posted.Address, hsdirs, Timeout(30));
        }
        var outcomes = new Dictionary<string, string>();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                await foreach (var e in events.ReadAllAsync(wait.Token))
                {
                    if (e is HsDescEvent { Address: var a, HsDirFingerprint: { } dir } d && a == f.Posted.Address.ServiceId
                        && d.Action is HsDescAction.Uploaded or HsDescAction.Failed)
                        outcomes[$"{dir} {d.DescriptorId}"] = d.Action == HsDescAction.Uploaded ? "uploaded" : "failed " + d.Reason;
                    if (outcomes.Count == 2 * hsdirs.Count) break;
                }
            }
            catch (OperationCanceledException) { }
        }
        output.WriteLine("valid descriptor: " + string.Join(", ", outcomes.Select(o => $"{o.Key[..8]} {o.Value}")));
        Assert.Contains("uploaded", outcomes.Values);
        var who = await ReachAsync(f.Posted, TimeSpan.FromSeconds(120));
        output.WriteLine($"{f.Posted} reached with the valid certificate (served by {who})");
        Report("certificate expiry", clock);
    }

    [Fact, Order(6)]
    public void No_identity_or_blinded_secret_key_is_anywhere_under_the_balancers_folder()
    {
        // Everything the balancer wrote or was given: config, bundles, client keys, and its tor's data directory
        // (tor/: state, cached consensus and descriptors, keys tor made for itself), after the run above.
        var files = Directory.GetFiles(f.BalancerDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, p => p.StartsWith(Path.Combine(f.BalancerDirectory, "tor") + "/", StringComparison.Ordinal));
        var secrets = new List<(string What, byte[] Bytes)>();
        foreach (var frontend in new[] { f.WithAuth, f.Open, f.RunOut })
        {
            secrets.Add(($"{frontend.Name} seed", frontend.Seed.ToArray()));
            var expanded = new byte[64];
            frontend.Key.ExportExpanded(expanded);
            secrets.Add(($"{frontend.Name} expanded key", expanded));
            secrets.Add(($"{frontend.Name} secret scalar", expanded[..32]));
            // Every period the run touched, with a margin: the blinded secret keys (scalar and prefix) only the vault can make.
            var now = f.Schedule.PeriodAt(DateTimeOffset.UtcNow);
            for (var n = now.Number - 12; n <= now.Number + 12; n++)
            {
                using var blinded = frontend.Key.Blind(now with { Number = n });
                var b = new byte[64];
                blinded.ExportExpanded(b);
                secrets.Add(($"{frontend.Name} blinded key of period {n}", b));
                secrets.Add(($"{frontend.Name} blinded scalar of period {n}", b[..32]));
            }
        }
        // Raw, and as base64 and hex text (how a key could sit in a config or log file).
        var needles = secrets.SelectMany(s => new[]
        {
            (s.What, s.Bytes),
            (s.What + " (base64)", Encoding.ASCII.GetBytes(Convert.ToBase64String(s.Bytes).TrimEnd('='))),
            (s.What + " (hex)", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(s.Bytes))),
        }).ToList();
        long bytes = 0;
        var found = new List<string>();
        foreach (var file in files)
        {
            byte[] content;
            try { content = File.ReadAllBytes(file); }
            catch (IOException) { continue; } // a file tor is replacing at this moment
            bytes += content.Length;
            foreach (var (what, needle) in needles)
                if (content.AsSpan().IndexOf(needle) >= 0) found.Add($"{what} in {file}");
        }
        // The balancer's own log (journald's in production) as well.
        var logBytes = Encoding.UTF8.GetBytes(f.DaemonLog);
        foreach (var (what, needle) in needles)
            if (logBytes.AsSpan().IndexOf(needle) >= 0) found.Add($"{what} in the balancer's log");
        output.WriteLine($"scanned {files.Length} files ({bytes} bytes) and the balancer's log ({logBytes.Length} bytes) for {needles.Count} patterns");
        Assert.Empty(found);
        Assert.True(files.Length > 10 && bytes > 10_000, "the scan saw the balancer's tor data, not an empty folder");
    }
}
