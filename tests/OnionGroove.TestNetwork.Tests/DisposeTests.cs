using OnionGroove.Control.Launch;
using OnionGroove.TestSupport;

namespace OnionGroove.TestNetwork.Tests;

[Collection("tor-network")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class DisposeTests
{
    [Fact]
    public async Task Dispose_stops_every_process_by_pid_and_removes_the_directory()
    {
        var net = await PrivateTorNetwork.StartAsync(new TorNetworkOptions { Authorities = 1, Relays = 1 });
        var extra = await net.StartTorAsync([], socks: true);
        var processes = net.AllProcesses;
        Assert.Equal(3, processes.Count);
        Assert.All(processes, p => Assert.True(ProcessSignals.Exists(p.Pid), $"{p} should be running"));
        Assert.NotNull(extra.SocksPort);

        await net.DisposeAsync();

        Assert.All(processes, p => Assert.True(p.HasExited, $"{p} still running"));
        Assert.All(processes, p => Assert.False(File.Exists($"/proc/{p.Pid}/cmdline") &&
            File.ReadAllText($"/proc/{p.Pid}/cmdline").Contains(p.TorrcPath), $"{p} still running"));
        Assert.False(Directory.Exists(net.BaseDirectory));
    }
}
