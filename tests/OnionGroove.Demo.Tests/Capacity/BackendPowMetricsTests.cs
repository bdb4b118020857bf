using OnionGroove.Demo.Capacity;

namespace OnionGroove.Demo.Tests.Capacity;

/// <summary>Reading a backend tor's MetricsPort page (the lines tor's prometheus.c writes, one per
/// onion service; the names are hs_metrics_entry.c's).</summary>
public sealed class BackendPowMetricsTests
{
    private const string Onion = "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd";

    [Fact]
    public void Reads_effort_queue_and_introductions_summed_over_services()
    {
        var page = $"""
            # HELP tor_hs_intro_num_total Total number of introduction received
            # TYPE tor_hs_intro_num_total counter
            tor_hs_intro_num_total{"{"}onion="{Onion}"{"}"} 120
            tor_hs_intro_num_total{"{"}onion="other"{"}"} 5
            # HELP tor_hs_rdv_pow_pqueue_count Number of requests waiting in the proof of work priority queue
            # TYPE tor_hs_rdv_pow_pqueue_count gauge
            tor_hs_rdv_pow_pqueue_count{"{"}onion="{Onion}"{"}"} 37
            # HELP tor_hs_pow_suggested_effort Suggested effort for requests with a proof of work client puzzle
            # TYPE tor_hs_pow_suggested_effort gauge
            tor_hs_pow_suggested_effort{"{"}onion="{Onion}"{"}"} 3
            tor_hs_intro_num_total_other 999
            """;
        var m = BackendPowMetrics.Parse(page);
        Assert.Equal(3, m.SuggestedEffort);
        Assert.Equal(37, m.QueueLength);
        Assert.Equal(125, m.Introductions);
    }

    [Fact]
    public void Metrics_missing_from_the_page_read_as_null()
    {
        var m = BackendPowMetrics.Parse($"tor_hs_intro_num_total{{onion=\"{Onion}\"}} 4\n");
        Assert.Null(m.SuggestedEffort);
        Assert.Null(m.QueueLength);
        Assert.Equal(4, m.Introductions);
    }

    [Fact]
    public void The_torrc_lines_open_the_port_on_loopback_only()
    {
        Assert.Equal(["MetricsPort 127.0.0.1:20123", "MetricsPortPolicy accept 127.0.0.1"], BackendPowMetrics.TorrcLines(20123));
    }
}
