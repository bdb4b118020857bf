using OnionGroove.Balancer.Metrics;
using OnionGroove.Probe.Metrics;
using OnionGroove.Probe.Site;
using OnionGroove.TestSupport;

namespace OnionGroove.Probe.Tests;

public sealed class ProbeMetricsTests
{
    private static readonly DateTimeOffset Now = TestDescriptors.Now;

    internal static IReadOnlyList<SiteReport> SampleReports()
    {
        var d = ProbeVerdictTests.Review();
        var tls = new TlsFacts(Now.AddDays(30), true, false, "CN=x");
        var fetches = new[]
        {
            ProbeVerdictTests.Answer() with { ClockSkewSeconds = -3 },
            new SiteResult("https://x.onion/", true, 200, 2.5, null, tls),
        };
        return
        [
            new SiteReport("news \"main\"", "abc.onion", Now, 20000, [ProbeVerdictTests.Found(d, 0), ProbeVerdictTests.Missing(5)], d, fetches,
                Verdict.Degraded, ["x"]) { DurationSeconds = 4.25 },
            new SiteReport("gone", "def.onion", Now, 20000, [ProbeVerdictTests.Missing(1)], null, [], Verdict.Unreachable, ["y"]),
        ];
    }

    private static double Value(IReadOnlyList<PrometheusText.Sample> samples, string name, string site, params (string, string)[] more) =>
        Assert.Single(samples, s => s.Name == name && s.Labels["site"] == site && more.All(m => s.Labels[m.Item1] == m.Item2)).Value;

    [Fact]
    public void Renders_each_site_hsdir_and_fetch_with_escaped_labels()
    {
        var text = ProbeMetrics.Render(SampleReports(), new ProbeRunInfo(3, Now, 50000));
        var (samples, errors) = PrometheusText.Parse(text);
        Assert.Empty(errors);
        const string news = "news \"main\"";
        Assert.Equal(1, Value(samples, "oniongroove_probe_site_reachable", news));
        Assert.Equal(1, Value(samples, "oniongroove_probe_site_degraded", news));
        Assert.Equal(0, Value(samples, "oniongroove_probe_site_reachable", "gone"));
        Assert.Equal(2, Value(samples, "oniongroove_probe_hsdirs_responsible", news));
        Assert.Equal(1, Value(samples, "oniongroove_probe_hsdirs_with_descriptor", news));
        Assert.Equal(1, Value(samples, "oniongroove_probe_hsdir_descriptor_found", news, ("hsdir", $"{0:X40}"), ("clients_fetch", "true")));
        Assert.Equal(0, Value(samples, "oniongroove_probe_hsdir_descriptor_found", news, ("hsdir", $"{5:X40}"), ("clients_fetch", "false")));
        Assert.Equal(4242, Value(samples, "oniongroove_probe_hsdir_descriptor_revision", news));
        Assert.Equal(3, Value(samples, "oniongroove_probe_descriptor_intro_points", news));
        Assert.Equal(180 * 60, Value(samples, "oniongroove_probe_descriptor_lifetime_seconds", news));
        Assert.Equal(200, Value(samples, "oniongroove_probe_http_status_code", news, ("scheme", "https")));
        Assert.Equal(-3, Value(samples, "oniongroove_probe_clock_skew_seconds", news, ("scheme", "http")));
        Assert.Equal(Now.AddDays(30).ToUnixTimeSeconds(), Value(samples, "oniongroove_probe_tls_cert_expiry_timestamp_seconds", news));
        Assert.Equal(0, Value(samples, "oniongroove_probe_tls_cert_trusted", news));
        Assert.Equal(50000, Assert.Single(samples, s => s.Name == "oniongroove_probe_descriptor_max_size_bytes").Value);
        Assert.Equal(3, Assert.Single(samples, s => s.Name == "oniongroove_probe_runs_total").Value);
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("oniongroove_probe_descriptor_", StringComparison.Ordinal) && s.Labels.GetValueOrDefault("site") == "gone");
    }

    [Fact]
    public void Promtool_accepts_the_exposition()
    {
        var text = ProbeMetrics.Render(SampleReports(), new ProbeRunInfo(1, Now, 50000));
        var r = ExternalProgram.Run("promtool", ["check", "metrics"], stdin: text);
        // promtool's lint wants counters to end in _total and so on: anything it says is a finding.
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Equal("", (r.Stdout + r.Stderr).Trim());
    }

    [Fact]
    public void Without_a_round_every_metric_is_still_described()
    {
        var text = new ProbeLoop(_ => throw new InvalidOperationException("not run"), TimeSpan.FromMinutes(1), _ => { }).RenderMetrics();
        Assert.Contains("# TYPE oniongroove_probe_site_reachable gauge", text);
        Assert.Contains("oniongroove_probe_runs_total 0", text);
        var (samples, errors) = PrometheusText.Parse(text);
        Assert.Empty(errors);
        Assert.Equal(["oniongroove_probe_runs_total"], samples.Select(s => s.Name));
    }

    [Fact]
    public async Task The_loop_keeps_the_last_round_and_survives_a_failed_one()
    {
        var rounds = 0;
        var log = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var loop = new ProbeLoop(_ => ++rounds == 2 ? throw new IOException("tor went away") : Task.FromResult(new ProbeRound(SampleReports(), 50000)),
            TimeSpan.FromMilliseconds(10), l => { lock (log) log.Add(l); });
        var run = loop.RunAsync(cts.Token);
        await Eventually.TrueAsync(() => loop.Rounds >= 3, "three good rounds", TimeSpan.FromSeconds(20), ct: cts.Token);
        await cts.CancelAsync();
        await run;
        lock (log)
        {
            Assert.Contains(log, l => l == "probe round failed: tor went away");
            Assert.Contains(log, l => l.StartsWith("gone (def.onion): unreachable", StringComparison.Ordinal));
        }
        Assert.Contains("oniongroove_probe_site_reachable{site=\"gone\",address=\"def.onion\"} 0", loop.RenderMetrics());
    }
}
