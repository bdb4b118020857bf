namespace OnionGroove.Demo.Tests;

/// <summary>The benchmark's CPU and memory figures, read from /proc for this test process.</summary>
public sealed class ProcessStatsTests
{
    [Fact]
    public void This_process_has_a_resident_set_and_has_used_cpu()
    {
        var pid = Environment.ProcessId;
        Assert.True(ProcessStats.RssKb(pid) > 1024, "a .NET process holds more than 1 MiB");
        var cpu = ProcessStats.CpuSeconds(pid);
        Assert.True(cpu > 0 && cpu < 1e6, $"cpu {cpu}");
    }

    [Fact]
    public void A_process_that_does_not_exist_reads_as_nothing()
    {
        // Above the kernel's pid_max (at most 2^22), so no process has it.
        Assert.Equal(0, ProcessStats.RssKb(int.MaxValue));
        Assert.True(double.IsNaN(ProcessStats.CpuSeconds(int.MaxValue)));
    }
}
