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
}
