using OnionGroove.Demo.Capacity;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Demo.Tests.Capacity;

/// <summary>The capacity harness end to end on tiny scenarios: a private network, one backend tor,
/// two visitors for a few seconds (the report counts answered requests and the backend tor's CPU
/// time); one tor with two onion services (every service publishes, each upload tor started is
/// answered). Their JSON parses back. The figures themselves come from the harness
/// (docs/capacity.md), not from these tests.</summary>
[Collection("private Tor networks")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class CapacityHarnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_tiny_throughput_run_measures_requests_and_its_json_parses()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var report = await ThroughputScenario.RunAsync(new ThroughputScenario.Parameters([2], TimeSpan.FromSeconds(3), 1),
            m => output.WriteLine(m), cts.Token);
        output.WriteLine(report.ToMarkdown());

        var back = CapacityReport.FromJson(report.ToJson());
        Assert.Equal(ThroughputScenario.Columns, back.Columns);
        Assert.Single(back.Rows);
        Assert.Equal(2, back.Value(0, "streams"));
        Assert.True(back.Value(0, "requests") >= 1, "no request answered in the window");
        Assert.True(back.Value(0, "req_per_s") > 0);
        Assert.True(back.Value(0, "p50_ms") > 0);
        // The backend tor did the onion-service work, so it used CPU time, and it is a real process with memory.
        Assert.True(back.Value(0, "backend_tor_cpu_s") > 0);
        Assert.True(back.Value(0, "backend_rss_mib") > 1);
        Assert.True(back.Value(0, "all_tors_cpu_s") >= back.Value(0, "backend_tor_cpu_s"));
        Assert.Equal(Environment.ProcessorCount, back.Machine.Cores);
        Assert.StartsWith("tor ", back.Machine.TorVersion);
    }

    [Fact]
    public async Task A_tiny_services_run_publishes_every_service_and_counts_its_uploads()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var report = await ServicesScenario.RunAsync(
            ServicesScenario.Parameters.Default with { Counts = [2], Settle = TimeSpan.FromMinutes(2), Window = TimeSpan.FromSeconds(3) },
            m => output.WriteLine(m), cts.Token);
        output.WriteLine(report.ToMarkdown());

        var back = CapacityReport.FromJson(report.ToJson());
        Assert.Equal(ServicesScenario.Columns, back.Columns);
        Assert.Single(back.Rows);
        Assert.Equal(2, back.Value(0, "services"));
        // Both services had a descriptor accepted by an HSDir within the settle limit.
        Assert.Equal(2, back.Value(0, "services_uploaded"));
        Assert.NotNull(back.Value(0, "all_uploaded_s"));
        Assert.True(back.Value(0, "first_upload_p50_s") <= back.Value(0, "first_upload_p90_s"));
        Assert.True(back.Value(0, "first_upload_p90_s") <= back.Value(0, "all_uploaded_s"));
        // Each accepted upload was one tor started (HS_DESC UPLOAD), so the counts add up.
        Assert.True(back.Value(0, "startup_uploads") >= 2);
        Assert.Equal(back.Value(0, "startup_upload_attempts"),
            back.Value(0, "startup_uploads") + back.Value(0, "startup_upload_failures") + back.Value(0, "startup_uploads_unanswered"));
        Assert.True(back.Value(0, "startup_cpu_s") > 0);
        Assert.True(back.Value(0, "rss_mib") > 1);
        // The private network's time period: 24 voting intervals of 20 s, read from the tor's consensus.
        Assert.Equal(480, back.Value(0, "time_period_s"));
        Assert.Equal("300", back.Parameters["dir_stall_s"]);
        Assert.Contains(back.Notes, n => n.Contains("per minute since ADD_ONION: 0:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tiny_pow_flood_run_floods_the_backends_and_counts_the_visitor()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        // Stock tor only (phase withheld): the defence on both backends, a few seconds of flood.
        var d = PowFloodScenario.Parameters.Default;
        var p = d with
        {
            Phases = [PowFloodScenario.Phase.Withheld], Baseline = TimeSpan.FromSeconds(10), Flood = TimeSpan.FromSeconds(20),
            Bucket = TimeSpan.FromSeconds(10), Attackers = 1, Workers = 4, AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        var report = await PowFloodScenario.RunAsync(p, m => output.WriteLine(m), cts.Token);
        output.WriteLine(report.ToMarkdown());

        var back = CapacityReport.FromJson(report.ToJson());
        Assert.Equal(PowFloodScenario.Columns, back.Columns);
        // Minute 0 (before the flood), two 10-second buckets of flood, the whole flood.
        Assert.Equal(4, back.Rows.Count);
        Assert.All(Enumerable.Range(0, 4), r => Assert.Equal((double)PowFloodScenario.Phase.Withheld, back.Value(r, "phase")));
        Assert.Equal(0, back.Value(0, "flood_attempts"));
        Assert.True(back.Value(0, "visits_ok") >= 1, "the visitor was not answered before the flood");
        var whole = back.Rows.Count - 1;
        Assert.Null(back.Value(whole, "minute"));
        Assert.True(back.Value(whole, "flood_attempts") >= 4, "the flood made no attempts");
        // The backends' own counters saw the flood's introductions, and their defence reports an effort.
        Assert.True(back.Value(whole, "intro2_per_s") > 0);
        Assert.NotNull(back.Value(whole, "effort_max"));
        Assert.True(back.Value(whole, "visits") >= 1);
    }
}
