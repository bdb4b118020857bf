using OnionGroove.Balancer;
using System.Net;
using System.Text.Json;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Cli;
using OnionGroove.Crypto.Keys;
using OnionGroove.Probe.Doctor;
using OnionGroove.Probe.Site;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Probe.Tests;

/// <summary>The doctor's checklist items: each evaluator on the answers hosts and servers give, the
/// Onion-Location check against a real nginx, the balancer check against the balancer's own
/// metrics responder, the host checks on this machine, and the command's exit code and JSON.</summary>
public sealed class DoctorTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Onion_location_must_be_one_url_to_the_sites_address()
    {
        using var site = IdentitySecretKey.Generate();
        using var other = IdentitySecretKey.Generate();
        const string u = "https://news.example.org/";
        Assert.Equal(DoctorStatus.Pass, OnionLocationCheck.Evaluate(u, [$"http://{site.Address}/a?b=1"], site.Address).Status);
        Assert.Equal(DoctorStatus.Pass, OnionLocationCheck.Evaluate(u, [$"https://{site.Address}/"], site.Address).Status);
        var missing = OnionLocationCheck.Evaluate(u, [], site.Address);
        Assert.Equal(DoctorStatus.Fail, missing.Status);
        Assert.Contains($"Onion-Location http://{site.Address}$request_uri", missing.Fix);
        Assert.Contains("exactly one", OnionLocationCheck.Evaluate(u, [$"http://{site.Address}/", $"http://{site.Address}/"], site.Address).Detail);
        Assert.Contains($"not at the site's {site.Address}", OnionLocationCheck.Evaluate(u, [$"http://{other.Address}/"], site.Address).Detail);
        Assert.Contains("not an http(s) URL", OnionLocationCheck.Evaluate(u, [site.Address.ToString()], site.Address).Detail);
        Assert.Contains("not a v3 onion address", OnionLocationCheck.Evaluate(u, ["http://example.org/"], site.Address).Detail);
        Assert.Equal("https://news.example.org/", OnionLocationCheck.UrlOf("news.example.org"));
        Assert.Equal("http://127.0.0.1:8080/x", OnionLocationCheck.UrlOf("http://127.0.0.1:8080/x"));
    }

    [Fact]
    public void Https_on_the_onion_needs_a_current_certificate_for_the_onion_name()
    {
        using var site = IdentitySecretKey.Generate();
        var url = $"https://{site.Address}/";
        SiteResult Fetched(DateTimeOffset notAfter, bool nameMatches) =>
            new(url, true, 200, 1, null, new TlsFacts(notAfter, nameMatches, false, $"CN={site.Address}"));
        var good = OnionHttpsCheck.Evaluate(site.Address, Fetched(T.AddDays(60), true), T);
        Assert.Equal(DoctorStatus.Pass, good.Status);
        Assert.Equal($"certificate for {site.Address} until {T.AddDays(60):u} (not from a CA this machine trusts)", good.Detail);
        Assert.Contains("is not for", OnionHttpsCheck.Evaluate(site.Address, Fetched(T.AddDays(60), false), T).Detail);
        Assert.Contains("expired", OnionHttpsCheck.Evaluate(site.Address, Fetched(T.AddDays(-1), true), T).Detail);
        Assert.Contains("expires", OnionHttpsCheck.Evaluate(site.Address, Fetched(T.AddDays(3), true), T).Detail);
        var unreached = OnionHttpsCheck.Evaluate(site.Address, new SiteResult(url, false, null, 60, "no answer within 60 s", null), T);
        Assert.Equal(DoctorStatus.Fail, unreached.Status);
        Assert.Contains("HiddenServicePort 443", unreached.Fix);
        Assert.Contains("without TLS", OnionHttpsCheck.Evaluate(site.Address, new SiteResult(url, true, 200, 1, null, null), T).Detail);
    }

    [Fact]
    public async Task Onion_location_is_read_off_a_real_nginx()
    {
        using var site = IdentitySecretKey.Generate();
        using var other = IdentitySecretKey.Generate();
        await using var nginx = await LoopbackNginx.StartAsync(
        [
            $"add_header Onion-Location http://{site.Address}$request_uri always;",
            $"add_header Onion-Location http://{other.Address}$request_uri always;",
            null,
        ]);
        var good = await OnionLocationCheck.CheckAsync($"http://127.0.0.1:{nginx.Ports[0]}/page", site.Address);
        Assert.True(good.Status == DoctorStatus.Pass, good.Detail);
        Assert.Equal($"Onion-Location: http://{site.Address}/page", good.Detail);
        var wrong = await OnionLocationCheck.CheckAsync($"http://127.0.0.1:{nginx.Ports[1]}/", site.Address);
        Assert.Equal(DoctorStatus.Fail, wrong.Status);
        Assert.Contains(other.Address.ToString(), wrong.Detail);
        Assert.Equal("no Onion-Location header", (await OnionLocationCheck.CheckAsync($"http://127.0.0.1:{nginx.Ports[2]}/", site.Address)).Detail);
    }

    private static readonly ServiceId SiteA = ServiceId.Of(IdentitySecretKey.Generate().PublicKey), SiteC = ServiceId.Of(IdentitySecretKey.Generate().PublicKey);

    private static BalancerStatus Status(bool tor, params (ServiceId Service, bool[] Healthy)[] services) => new(tor,
    [
        .. services.Select(s => new ServiceStatus(s.Service, 3, 2, T,
            [.. s.Healthy.Select((h, i) => new BackendStatus(ServiceId.Of(IdentitySecretKey.Generate().PublicKey), $"b{i}", 10, h ? 3 : 0, h, h))], [], null)),
    ]);

    [Fact]
    public void Balancer_metrics_need_tor_and_two_live_backends_per_service()
    {
        var ok = BalancerMetricsCheck.Evaluate("fe1", PrometheusText.Render(Status(true, (SiteA, [true, true, false]))));
        Assert.All(ok, f => Assert.Equal(DoctorStatus.Pass, f.Status));
        Assert.Contains(ok, f => f.Detail == "2 of 3 backends live");
        var one = BalancerMetricsCheck.Evaluate("fe1", PrometheusText.Render(Status(true, (SiteA, [true, false]), (SiteC, [true, true]))));
        var bad = Assert.Single(one, f => f.Status == DoctorStatus.Fail);
        Assert.Equal(("backends_live", SiteA.ToString()), (bad.Check, bad.Target));
        Assert.Contains("b1 down", bad.Detail);
        Assert.Equal(DoctorStatus.Fail, BalancerMetricsCheck.Evaluate("fe1", PrometheusText.Render(Status(false)))[0].Status);
        Assert.Equal(DoctorStatus.Fail, Assert.Single(BalancerMetricsCheck.Evaluate("fe1", "<html>hello</html>")).Status);
    }

    [Fact]
    public void Host_answers_are_judged()
    {
        Assert.Equal(DoctorStatus.Pass, HostFacts.EvaluateTorVersion("h", "Tor version 0.4.9.11.\n").Status);
        Assert.Equal(DoctorStatus.Pass, HostFacts.EvaluateTorVersion("h", "Tor version 0.4.8.0-alpha").Status);
        Assert.Contains("older than 0.4.8", HostFacts.EvaluateTorVersion("h", "Tor version 0.4.7.16.").Detail);
        Assert.Equal(DoctorStatus.Fail, HostFacts.EvaluateTorVersion("h", "").Status);

        string Epoch(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DoctorStatus.Pass, HostFacts.EvaluateClock("h", Epoch(T.AddSeconds(1)), T, T.AddSeconds(2), "yes").Status);
        Assert.Contains("+100 s off", HostFacts.EvaluateClock("h", Epoch(T.AddSeconds(102)), T, T.AddSeconds(1), "yes").Detail);
        Assert.Contains("-45 s off", HostFacts.EvaluateClock("h", Epoch(T.AddSeconds(-45)), T, T.AddSeconds(1), null).Detail);
        Assert.Contains("not synchronised", HostFacts.EvaluateClock("h", Epoch(T), T, T, "no").Detail);
        Assert.Contains("not synchronised", HostFacts.EvaluateClock("h", Epoch(T), T, T, "no", "none").Detail);
        // A container runs on its host's clock: only the skew can be judged there.
        Assert.Equal(DoctorStatus.Pass, HostFacts.EvaluateClock("h", Epoch(T), T, T, "no", "systemd-nspawn").Status);
        Assert.Contains("-100 s off", HostFacts.EvaluateClock("h", Epoch(T.AddSeconds(-100)), T, T, "no", "systemd-nspawn").Detail);
        Assert.Equal(DoctorStatus.Fail, HostFacts.EvaluateClock("h", "ssh: connect refused", T, T, null).Status);

        Assert.Equal(DoctorStatus.Pass, KeyAndUnitFacts.EvaluateKeys("h", "debian-tor 600 /var/lib/tor/onion/news-b1/hs_ed25519_secret_key\n").Status);
        var loose = KeyAndUnitFacts.EvaluateKeys("h", "debian-tor 600 /a/hs_ed25519_secret_key\ndebian-tor 644 /b/hs_ed25519_secret_key\nroot 600 /c/hs_ed25519_secret_key");
        Assert.Equal(DoctorStatus.Fail, loose.Status);
        Assert.Contains("2 key(s)", loose.Detail);
        Assert.Equal(DoctorStatus.Pass, KeyAndUnitFacts.EvaluateKeys("h", "").Status);

        var hardened = "LoadState=loaded\n" + string.Join("\n", KeyAndUnitFacts.Expected.Select(e => $"{e.Key}={e.Value}"));
        Assert.Equal(DoctorStatus.Pass, KeyAndUnitFacts.EvaluateUnit("h", hardened).Status);
        var weakened = KeyAndUnitFacts.EvaluateUnit("h", hardened.Replace("ProtectSystem=strict", "ProtectSystem=no"));
        Assert.Equal(DoctorStatus.Fail, weakened.Status);
        Assert.Contains("ProtectSystem=no (want strict)", weakened.Detail);
        Assert.Equal(DoctorStatus.Skip, KeyAndUnitFacts.EvaluateUnit("h", "LoadState=not-found\n").Status);
    }

    [Fact]
    public async Task Host_checks_run_on_this_machine_with_its_real_tor_and_clock()
    {
        var findings = await HostChecks.RunAsync(new HostShell("here", "127.0.0.1", null, null), frontend: false);
        foreach (var f in findings) output.WriteLine($"{f.Status} {f.Check}: {f.Detail}");
        Assert.Equal(DoctorStatus.Pass, Assert.Single(findings, f => f.Check == HostFacts.TorVersion).Status);
        Assert.Equal(DoctorStatus.Pass, Assert.Single(findings, f => f.Check == HostFacts.Clock).Status);
        Assert.Single(findings, f => f.Check == KeyAndUnitFacts.Keys);
    }

    [Fact]
    public async Task The_command_fails_on_a_down_backend_and_says_how_to_fix_it()
    {
        using var site = IdentitySecretKey.Generate();
        using var wrongSite = IdentitySecretKey.Generate();
        await using var metrics = MetricsServer.Start(new IPEndPoint(IPAddress.Loopback, 0),
            () => PrometheusText.Render(Status(true, (SiteA, [true, false]))));
        using var dir = new TempDir("ogdoc");
        Directory.CreateDirectory(dir["inv"]);
        File.WriteAllText(dir["inv/lab.environment.yml"], "version: 1\nhosts:\n  here: {frontend: false, address: 127.0.0.1}\n");

        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(["doctor", "--vault", dir.Path, "--env", "lab", "--inventories", dir["inv"],
            "--metrics", $"http://{metrics.LocalEndPoint}/metrics", "--json"], o, e);
        output.WriteLine(o + e.ToString());
        Assert.Equal(ExitCodes.DoctorFailed, code);
        var items = JsonDocument.Parse(o.ToString()).RootElement.GetProperty("data").EnumerateArray().ToList();
        var backends = Assert.Single(items, i => i.GetProperty("check").GetString() == "backends_live");
        Assert.Equal("fail", backends.GetProperty("status").GetString());
        Assert.Contains("oniongroove host add", backends.GetProperty("fix").GetString());
        Assert.Equal("pass", Assert.Single(items, i => i.GetProperty("check").GetString() == "balancer_metrics").GetProperty("status").GetString());
        Assert.Equal("pass", Assert.Single(items, i => i.GetProperty("check").GetString() == "tor_version").GetProperty("status").GetString());
        Assert.Equal("skip", Assert.Single(items, i => i.GetProperty("check").GetString() == "vault_backup").GetProperty("status").GetString());

        var text = new StringWriter();
        Assert.Equal(ExitCodes.DoctorFailed, await CliApp.RunAsync(["doctor", "--vault", dir.Path, "--env", "lab", "--inventories", dir["inv"],
            "--metrics", $"http://{metrics.LocalEndPoint}/metrics", "--no-hosts"], text, e));
        Assert.Contains($"✗ backends_live {SiteA}: 1 of 2 backends live (b1 down)", text.ToString());
        Assert.Contains("    fix: ", text.ToString());
    }
}
