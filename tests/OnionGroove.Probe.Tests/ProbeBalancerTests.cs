using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnionGroove.Cli;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.Demo;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Probe.Tests;

/// <summary>A deployment as the team has it: a vault (isolated git) with site "news" whose descriptor is
/// sealed to its one client, and the demo stack serving it on the private network (balancer + two
/// backends) with the vault's frontend key and client; each backend's port 443 goes to a loopback
/// nginx whose self-signed certificate names the frontend's .onion.</summary>
public sealed class ProbeBalancerFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new("ogprobe-bal");
    private LoopbackNginx? _tls;

    public DemoStack Stack { get; private set; } = null!;
    public string VaultPath => _dir["vault"];
    public TestKey Alice { get; private set; } = null!;
    public DateTimeOffset CertificateNotAfter { get; private set; }
    public string SocksControl => Stack.Client.ControlEndpoint.ToString();
    public ITestOutputHelper? Output { get; set; }

    public async Task InitializeAsync()
    {
        IsolatedGit.IsolateProcess();
        Alice = TestKey.Age(_dir.Path, "alice");
        await Cli("init", VaultPath, "--name", "alice", "--recipient", Alice.Recipient);
        var frontend = IdentitySecretKey.Generate();
        TorKeyFiles.WriteHiddenServiceDir(_dir["frontend-hs"], frontend);
        await Cli("site", "import", "news", "--hidden-service-dir", _dir["frontend-hs"], "--vault", VaultPath);
        await Cli("client", "add", "news", "reader", "--vault", VaultPath);
        var show = JsonDocument.Parse(await Cli("site", "show", "news", "--json", "--vault", VaultPath)).RootElement.GetProperty("data");
        var clientPublic = show.GetProperty("clients")[0].GetProperty("public_key").GetString()!;

        var tlsPort = LoopbackNginx.FreePort();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2, FrontendKey = frontend, AuthorizedClients = [clientPublic],
            BackendTorrcLines = [$"HiddenServicePort 443 127.0.0.1:{tlsPort}"],
            // A loaded machine's slow health probe must not count as a dead backend.
            HealthCheckFailures = 2,
            Log = m => Output?.WriteLine("demo: " + m),
        }, cts.Token);

        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={Stack.Frontend}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(Stack.Frontend.ToString());
        request.CertificateExtensions.Add(san.Build());
        var notAfter = DateTimeOffset.UtcNow.Date.AddDays(90);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), notAfter);
        CertificateNotAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        await File.WriteAllTextAsync(_dir["onion.crt"], cert.ExportCertificatePem());
        await File.WriteAllTextAsync(_dir["onion.key"], rsa.ExportPkcs8PrivateKeyPem());
        _tls = await LoopbackNginx.StartTlsAsync(tlsPort, _dir["onion.crt"], _dir["onion.key"]);
    }

    /// <summary>Runs a vault command in-process; a failure stops the fixture with its output.</summary>
    private static async Task<string> Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(args, o, e);
        return code == 0 ? o.ToString() : throw new InvalidOperationException($"oniongroove {string.Join(' ', args)} → {code}: {o}{e}");
    }

    public async Task DisposeAsync()
    {
        if (_tls is not null) await _tls.DisposeAsync();
        if (Stack is not null) await Stack.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>`oniongroove probe` and `doctor` against the balanced deployment: the vault picks the
/// site and its client key, HTTPS on the onion is checked (expiry, name; by the probe and by
/// `doctor --tor`), a certificate for another name is flagged, `--serve` exports the documented
/// metrics, and a stopped backend is reported.</summary>
[Collection(PrivateNetworks.Name)]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class ProbeBalancerTests : IClassFixture<ProbeBalancerFixture>
{
    private static readonly TimeSpan Publication = TimeSpan.FromSeconds(180);
    private readonly ProbeBalancerFixture f;
    private readonly ITestOutputHelper output;

    public ProbeBalancerTests(ProbeBalancerFixture fixture, ITestOutputHelper output)
    {
        (f, this.output) = (fixture, output);
        f.Output = output;
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private async Task<Run> CliAsync(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(args, o, e);
        output.WriteLine($"$ oniongroove {string.Join(' ', args)} → {code}\n{o}{e}");
        return new Run(code, o.ToString(), e.ToString());
    }

    private string[] Probe(params string[] more) =>
        ["probe", "--control", f.SocksControl, "--hsdir-timeout", "10", "--site-timeout", "45", .. more];

    private string[] FromVault(params string[] more) => Probe(["--vault", f.VaultPath, "--identity", f.Alice.File, .. more]);

    private static JsonElement Site(Run r) => JsonDocument.Parse(r.Stdout).RootElement.GetProperty("data").GetProperty("sites")[0];

    private static JsonElement Fetch(JsonElement site, string scheme) =>
        site.GetProperty("fetches").EnumerateArray().Single(x => x.GetProperty("url").GetString()!.StartsWith(scheme + "://", StringComparison.Ordinal));

    [Fact]
    public async Task The_vaults_site_is_probed_with_its_client_key_over_http_and_https()
    {
        var run = await Eventually.ValueAsync(_ => CliAsync(FromVault("--https", "--allow-untrusted-cert", "--json")), r => r.ExitCode == ExitCodes.Ok,
            "the vault's site ok over HTTP and HTTPS", Publication, every: TimeSpan.FromSeconds(5), describe: r => r.Stdout + r.Stderr);
        var site = Site(run);
        Assert.Equal("news", site.GetProperty("name").GetString());
        Assert.Equal(f.Stack.Frontend.ToString(), site.GetProperty("address").GetString());
        var descriptor = site.GetProperty("descriptor");
        Assert.True(descriptor.GetProperty("usable").GetBoolean());
        // The balancer's descriptor carries both backends' introduction points (3 each).
        Assert.True(descriptor.GetProperty("facts").GetProperty("intro_points").GetInt32() >= 2);

        var http = Fetch(site, "http");
        Assert.Equal(200, http.GetProperty("status_code").GetInt32());
        var https = Fetch(site, "https");
        Assert.Equal(200, https.GetProperty("status_code").GetInt32());
        var tls = https.GetProperty("tls");
        Assert.True(tls.GetProperty("name_matches").GetBoolean());
        Assert.False(tls.GetProperty("trusted").GetBoolean());
        Assert.Equal(f.CertificateNotAfter, tls.GetProperty("not_after").GetDateTimeOffset());

        // The same site without the vault's client key: the descriptor's inner layers do not open.
        var sealedOff = await CliAsync(Probe(f.Stack.Frontend.ToString(), "--json"));
        Assert.NotEqual(ExitCodes.Ok, sealedOff.ExitCode);
        Assert.False(Site(sealedOff).GetProperty("descriptor").GetProperty("usable").GetBoolean());
        Assert.Empty(Site(sealedOff).GetProperty("fetches").EnumerateArray());

        // Without --allow-untrusted-cert a self-signed certificate makes the site degraded, with the reason.
        var strict = await CliAsync(FromVault("--https", "--no-http"));
        Assert.Equal(ExitCodes.ProbeDegraded, strict.ExitCode);
        Assert.Contains($"https://{f.Stack.Frontend}/: certificate not issued by a trusted CA", strict.Stdout);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_flagged()
    {
        // A backend's own address is served by the same nginx, whose certificate names the frontend.
        var backend = f.Stack.Backends[0].Address.ToString();
        var run = await Eventually.ValueAsync(_ => CliAsync(Probe(backend, "--https", "--no-http", "--allow-untrusted-cert", "--json")),
            r => r.Stdout.StartsWith('{') && Site(r).GetProperty("fetches").EnumerateArray().Any(x => x.GetProperty("reached").GetBoolean()),
            "the backend's own address answering over HTTPS", Publication, every: TimeSpan.FromSeconds(5), describe: r => r.Stdout + r.Stderr);
        Assert.Equal(ExitCodes.ProbeDegraded, run.ExitCode);
        var site = Site(run);
        Assert.False(Fetch(site, "https").GetProperty("tls").GetProperty("name_matches").GetBoolean());
        Assert.Contains(site.GetProperty("reasons").EnumerateArray(),
            r => r.GetString() == $"https://{backend}/: certificate (CN={f.Stack.Frontend}) is not for this .onion name");
    }

    [Fact]
    public async Task Serve_exports_the_documented_metrics_over_http()
    {
        var port = LoopbackNginx.FreePort();
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "oniongroove.dll"),
                     .. FromVault("--https", "--allow-untrusted-cert", "--serve", $"127.0.0.1:{port}", "--interval", "5")])
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var url = $"http://127.0.0.1:{port}/metrics";
            var site = $"site=\"news\"";
            var text = await Eventually.ValueAsync(async _ =>
                {
                    try { return await http.GetStringAsync(url); }
                    catch (HttpRequestException e) { return "# " + e.Message; }
                    catch (TaskCanceledException) { return "# timed out"; }
                },
                t => Regex.IsMatch(t, $@"^oniongroove_probe_site_reachable\{{[^}}]*{Regex.Escape(site)}[^}}]*\}} 1$", RegexOptions.Multiline)
                     && t.Contains("oniongroove_probe_tls_cert_name_matches{", StringComparison.Ordinal),
                "the metrics of a round in which the site was reachable", Publication, every: TimeSpan.FromSeconds(3), describe: t => t);
            output.WriteLine(text);

            var documented = File.ReadAllText(Path.Combine(SharedFiles.RepoRoot, "docs", "probe.md"));
            var names = Regex.Matches(text, @"^(oniongroove_probe_[a-z_]+)[{ ]", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.All(names, n => Assert.Contains($"`{n}`", documented));
            foreach (var expected in new[]
                     {
                         "oniongroove_probe_runs_total", "oniongroove_probe_hsdirs_with_descriptor", "oniongroove_probe_descriptor_intro_points",
                         "oniongroove_probe_http_status_code", "oniongroove_probe_tls_cert_expiry_timestamp_seconds",
                     })
                Assert.Contains(expected, names);
            Assert.Matches($@"(?m)^oniongroove_probe_tls_cert_expiry_timestamp_seconds\{{[^}}]*{Regex.Escape(site)}[^}}]*\}} {f.CertificateNotAfter.ToUnixTimeSeconds()}$", text);
            Assert.Matches($@"(?m)^oniongroove_probe_tls_cert_name_matches\{{[^}}]*{Regex.Escape(site)}[^}}]*\}} 1$", text);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync();
            output.WriteLine(await stderr);
        }
    }

    [Fact]
    public async Task Doctor_checks_https_on_the_onion_with_the_vaults_client_key()
    {
        using var dir = new TempDir("ogdoc-https");
        Directory.CreateDirectory(dir["inv"]);
        File.WriteAllText(dir["inv/lab.environment.yml"], "version: 1\nsites:\n  news: {onion_https: true}\n");
        string[] doctor = ["doctor", "--vault", f.VaultPath, "-i", f.Alice.File, "--env", "lab", "--inventories", dir["inv"], "--no-hosts",
            "--tor", f.SocksControl, "--json"];
        static JsonElement Https(Run r) =>
            JsonDocument.Parse(r.Stdout).RootElement.GetProperty("data").EnumerateArray().Single(i => i.GetProperty("check").GetString() == "https_onion");
        var run = await Eventually.ValueAsync(_ => CliAsync(doctor), r => r.Stdout.StartsWith('{') && Https(r).GetProperty("status").GetString() == "pass",
            "the onion's certificate checked over tor", Publication, every: TimeSpan.FromSeconds(5), describe: r => r.Stdout + r.Stderr);
        Assert.Equal($"https://{f.Stack.Frontend}/", Https(run).GetProperty("target").GetString());
        Assert.StartsWith($"certificate for {f.Stack.Frontend} until {f.CertificateNotAfter:u}", Https(run).GetProperty("detail").GetString());

        // Without a tor the item is not checked, and says how to check it.
        var without = await CliAsync(["doctor", "--vault", f.VaultPath, "--env", "lab", "--inventories", dir["inv"], "--no-hosts", "--json"]);
        Assert.Equal("skip", Https(without).GetProperty("status").GetString());
        Assert.Contains("--tor", Https(without).GetProperty("fix").GetString());
    }

    [Fact]
    public async Task Doctor_reports_a_stopped_backend_that_the_probe_does_not_see()
    {
        var metrics = $"http://127.0.0.1:{f.Stack.MetricsPort}/metrics";
        string[] doctor = ["doctor", "--vault", f.VaultPath, "--metrics", metrics, "--no-hosts", "--json"];
        static JsonElement BackendsLive(Run r) =>
            JsonDocument.Parse(r.Stdout).RootElement.GetProperty("data").EnumerateArray().Single(i => i.GetProperty("check").GetString() == "backends_live");

        var before = await Eventually.ValueAsync(_ => CliAsync(doctor), r => r.Stdout.StartsWith('{') && BackendsLive(r).GetProperty("status").GetString() == "pass",
            "both backends live in the balancer's metrics", Publication, every: TimeSpan.FromSeconds(5), describe: r => r.Stdout + r.Stderr);
        Assert.Equal("2 of 2 backends live", BackendsLive(before).GetProperty("detail").GetString());

        var victim = f.Stack.Backends[^1];
        await victim.KillAsync();
        var after = await Eventually.ValueAsync(_ => CliAsync(doctor), r => r.Stdout.StartsWith('{') && BackendsLive(r).GetProperty("status").GetString() == "fail",
            "the killed backend reported down", TimeSpan.FromSeconds(120), every: TimeSpan.FromSeconds(5), describe: r => r.Stdout + r.Stderr);
        Assert.Equal(ExitCodes.DoctorFailed, after.ExitCode);
        Assert.Equal($"1 of 2 backends live ({victim.Name} down)", BackendsLive(after).GetProperty("detail").GetString());
        Assert.Contains("oniongroove host add", BackendsLive(after).GetProperty("fix").GetString());

        // Visitors still get through the remaining backend: this is what the doctor is for.
        var probe = await Eventually.ValueAsync(_ => CliAsync(FromVault("--json")), r => r.ExitCode == ExitCodes.Ok,
            "the site reachable through the remaining backend", Publication, every: TimeSpan.FromSeconds(5), describe: r => r.Stdout + r.Stderr);
        Assert.Equal(200, Fetch(Site(probe), "http").GetProperty("status_code").GetInt32());
    }
}

/// <summary>The network classes of this project share the machine one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PrivateNetworks
{
    public const string Name = "private Tor networks";
}
