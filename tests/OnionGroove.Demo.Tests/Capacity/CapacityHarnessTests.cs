using OnionGroove.Demo.Capacity;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Demo.Tests.Capacity;

/// <summary>The capacity harness end to end on a tiny scenario: a private network, one backend tor,
/// two visitors for a few seconds; the report counts answered requests and the backend tor's CPU
/// time, and its JSON parses back. The figures themselves come from the harness (docs/capacity.md),
/// not from this test.</summary>
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
}
