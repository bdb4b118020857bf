using OnionGroove.Balancer.Tor;
using OnionGroove.Control;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Launch;
using OnionGroove.Control.Transport;
using OnionGroove.TestSupport;

namespace OnionGroove.Balancer.Tests;

/// <summary>The balancer's own tor, offline: it comes up on its control socket, comes back after a
/// crash, and is gone after dispose.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class TorSupervisorTests
{
    [Fact]
    public async Task Own_tor_serves_its_control_socket_is_restarted_after_a_crash_and_stopped_on_dispose()
    {
        using var dir = new TempDir("ogs");
        var log = new List<string>();
        var supervisor = new TorSupervisor("tor", dir["tor"], ["DisableNetwork 1"], line => { lock (log) log.Add(line); });
        int first, second;
        try
        {
            first = await ConnectedPidAsync(supervisor, null);
            using (var p = System.Diagnostics.Process.GetProcessById(first)) p.Kill(); // a crash, not a clean stop
            second = await ConnectedPidAsync(supervisor, first);
            Assert.NotEqual(first, second);
            Assert.True(supervisor.Restarts >= 1);
            lock (log) Assert.Contains(log, l => l.Contains($"tor (pid {first}) exited") && l.EndsWith("restarting"));
        }
        finally { await supervisor.DisposeAsync(); }
        Assert.Null(supervisor.Pid);
        Assert.False(ProcessSignals.Exists(second), $"tor {second} still runs after dispose");
    }

    /// <summary>Waits until a tor other than <paramref name="not"/> answers on the control socket.</summary>
    private static async Task<int> ConnectedPidAsync(TorSupervisor supervisor, int? not)
    {
        var pid = await Eventually.ValueAsync<int?>(async ct =>
        {
            if (supervisor.Pid is not { } pid || pid == not || !File.Exists(supervisor.ControlSocket)) return null;
            try
            {
                await using var c = await TorController.ConnectAsync(ControlEndpoint.ForUnix(supervisor.ControlSocket), ControlAuth.Auto(), null, ct);
                return (await c.GetInfoAsync("process/pid", ct)).Trim() == pid.ToString() ? pid : null;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OnionGroove.Control.Protocol.ControlProtocolException
                                         or ControlAuthenticationException) { return null; }
        }, p => p is not null, $"a tor other than {not?.ToString() ?? "none"} answering on the control socket", TimeSpan.FromSeconds(60));
        return pid!.Value;
    }
}
