using System.Text.Json;
using System.Text.RegularExpressions;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Probe.Metrics;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Probe.Tests;

/// <summary>monitoring/: the alert rules pass promtool's checks and their unit tests on recorded
/// series, every alert has such a test, and every query of the rules and the Grafana dashboard
/// names only metrics the balancer or the probe really export (names read from their renderers).</summary>
public sealed partial class MonitoringTests(ITestOutputHelper output)
{
    private static string Monitoring => Path.Combine(SharedFiles.RepoRoot, "monitoring");
    private static string Rules => Path.Combine(Monitoring, "prometheus", "rules.yml");
    private static string[] RuleTests => Directory.GetFiles(Path.Combine(Monitoring, "prometheus", "tests"), "*.yml").Order().ToArray();
    private static string Dashboard => Path.Combine(Monitoring, "grafana", "oniongroove.json");

    /// <summary>Every metric name either exporter declares (HELP lines are written even with no samples).</summary>
    internal static HashSet<string> ExportedMetrics()
    {
        var text = PrometheusText.Render(new BalancerStatus(false, []))
                   + ProbeMetrics.Render([], new ProbeRunInfo(0, null, null));
        return [.. text.Split('\n').Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])];
    }

    [GeneratedRegex(@"\boniongroove_[a-z0-9_]+\b")]
    private static partial Regex OurMetric();

    /// <summary>What is wrong with one query: names no metric of ours, or names one that does not exist.</summary>
    internal static IEnumerable<string> Problems(string expr, HashSet<string> exported)
    {
        var names = OurMetric().Matches(expr).Select(m => m.Value).ToList();
        if (names.Count == 0) yield return $"names no oniongroove metric: {expr}";
        foreach (var n in names.Where(n => !exported.Contains(n))) yield return $"{n} is exported by neither the balancer nor the probe: {expr}";
    }

    private ExternalProgram.Result Promtool(params string[] args)
    {
        var r = ExternalProgram.Run("promtool", args, workingDirectory: Path.Combine(Monitoring, "prometheus"));
        output.WriteLine($"$ promtool {string.Join(' ', args)} → {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        return r;
    }

    [Fact]
    public void Promtool_checks_the_rules()
    {
        var r = Promtool("check", "rules", Rules);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("SUCCESS", r.Stdout);
    }

    [Fact]
    public void Promtool_unit_tests_of_the_rules_pass()
    {
        Assert.NotEmpty(RuleTests);
        var r = Promtool(["test", "rules", .. RuleTests]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
    }

    [Fact]
    public void Every_alert_has_a_unit_test_that_fires_it()
    {
        var alerts = Regex.Matches(File.ReadAllText(Rules), @"^\s*- alert: (\w+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.True(alerts.Count >= 10, $"only {alerts.Count} alerts found");
        // An alertname followed by a non-empty exp_alerts list: a case where the alert fires.
        var fired = RuleTests.SelectMany(f => Regex.Matches(File.ReadAllText(f), @"alertname: (\w+)\s*\n\s*exp_alerts:\s*\n\s*- exp_labels")
            .Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.Empty(alerts.Where(a => !fired.Contains(a)));
    }

    [Fact]
    public void Every_rule_names_metrics_that_exist()
    {
        var exported = ExportedMetrics();
        var exprs = Regex.Matches(File.ReadAllText(Rules), @"expr: (\|\s*\n(?:\s{10}.*\n)+|.*)").Select(m => m.Groups[1].Value.TrimStart('|').Trim()).ToList();
        Assert.Equal(Regex.Matches(File.ReadAllText(Rules), @"^\s*- alert:", RegexOptions.Multiline).Count, exprs.Count);
        Assert.Empty(exprs.SelectMany(e => Problems(e, exported)));
    }

    [Fact]
    public void Every_dashboard_query_names_metrics_that_exist()
    {
        var exported = ExportedMetrics();
        using var doc = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var exprs = doc.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        var templates = doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query").Select(v => v.GetProperty("query").GetString()!);
        Assert.True(exprs.Count >= 15, $"only {exprs.Count} queries");
        Assert.Empty(exprs.Concat(templates).SelectMany(e => Problems(e, exported)));
        // The dashboard shows both sides: the probe's view and the balancer's.
        Assert.Contains(exprs, e => e.Contains("oniongroove_probe_", StringComparison.Ordinal));
        Assert.Contains(exprs, e => e.Contains("oniongroove_backend_", StringComparison.Ordinal));
    }

    [Fact]
    public void The_name_check_catches_a_misspelt_metric()
    {
        var exported = ExportedMetrics();
        Assert.Contains("oniongroove_signing_bundle_runs_out_timestamp_seconds", exported);
        Assert.Contains("oniongroove_probe_site_reachable", exported);
        Assert.Single(Problems("rate(oniongroove_hsdir_upload_failure_total[5m])", exported));
        Assert.Single(Problems("up == 0", exported));
        Assert.Empty(Problems("sum by (service) (oniongroove_backend_healthy) < 2", exported));
    }
}
