using OnionGroove.Demo.Capacity;

namespace OnionGroove.Demo.Tests.Capacity;

/// <summary>The capacity harness's report: JSON that reads back to the same table, a Markdown table,
/// unmeasured values as null, and nearest-rank percentiles.</summary>
public sealed class CapacityReportTests
{
    private static CapacityReport Sample() => new("throughput",
        new Dictionary<string, string> { ["streams"] = "1,4", ["window_s"] = "20" },
        new MachineInfo("AMD EPYC", 2, 24_000, "Debian", "tor 0.4.9.3", "2026-12-06 00:00 UTC", 3.5, double.NaN),
        ["streams", "req_per_s", "drop_s"],
        [[1, 12.345678, null], [4, 40.5, 17]],
        ["a note"]);

    [Fact]
    public void Json_reads_back_to_the_same_report()
    {
        var back = CapacityReport.FromJson(Sample().ToJson());
        Assert.Equal("throughput", back.Scenario);
        Assert.Equal(["streams", "req_per_s", "drop_s"], back.Columns);
        Assert.Equal(12.3457, back.Value(0, "req_per_s"));
        Assert.Null(back.Value(0, "drop_s"));
        Assert.Equal(17, back.Value(1, "drop_s"));
        Assert.Equal("1,4", back.Parameters["streams"]);
        Assert.Equal(2, back.Machine.Cores);
        Assert.Equal(3.5, back.Machine.LoadBefore);
        Assert.True(double.IsNaN(back.Machine.LoadAfter));
        Assert.Equal(["a note"], back.Notes);
    }

    [Fact]
    public void Markdown_has_a_header_and_a_row_per_measurement()
    {
        var lines = Sample().ToMarkdown().Split('\n');
        Assert.Contains("| streams | req_per_s | drop_s |", lines);
        Assert.Contains("| 1 | 12.346 | — |", lines);
        Assert.Contains("| 4 | 40.5 | 17 |", lines);
    }

    [Fact]
    public void An_unknown_column_is_an_error_not_a_null() =>
        Assert.Throws<ArgumentException>(() => Sample().Value(0, "nope"));

    [Theory]
    [InlineData(50, 5)]
    [InlineData(90, 9)]
    [InlineData(99, 10)]
    [InlineData(100, 10)]
    [InlineData(1, 1)]
    public void Percentiles_are_nearest_rank(double p, double expected) =>
        Assert.Equal(expected, Percentiles.Of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p));

    [Fact]
    public void No_sample_has_no_percentile() => Assert.Null(Percentiles.Of([], 50));
}
