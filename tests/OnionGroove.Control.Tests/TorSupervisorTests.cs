using OnionGroove.Control.Auth;
using OnionGroove.Control.Launch;
using OnionGroove.Control.Transport;
using OnionGroove.TestSupport;

namespace OnionGroove.Control.Tests;

/// <summary>The one supervisor (the balancer's and the mesh agent's own tor), offline: it comes up on
/// its control socket with cookie authentication, comes back after a crash, and is gone after dispose.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class TorSupervisorTests
{
    [Fact]
    public async Task Own_tor_serves_its_control_socket_is_restarted_after_a_crash_and_stopped_on_dispose()
    {
        using var dir = new TempDir("ogs");
        var log = new List<string>();
        var supervisor = new TorSupervisor("tor", dir["tor"], "a test", ["DisableNetwork 1", "SocksPort 0"], line => { lock (log) log.Add(line); });
        int first, second;
        try
        {
            first = await ConnectedPidAsync(supervisor, null);
            Assert.Equal("# written by a test; regenerated at every start", File.ReadLines(supervisor.Torrc).First());
            Assert.Equal("SocksPort 0", File.ReadLines(supervisor.Torrc).Last());
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

    [Fact]
    public async Task A_torrc_tor_refuses_is_logged_with_tors_words_and_retried_with_backoff()
    {
        using var dir = new TempDir("ogs");
        var log = new List<string>();
        await using var supervisor = new TorSupervisor("tor", dir["tor"], "a test", ["DisableNetwork 1", "SocksPort 0", "NoSuchOption 1"], line => { lock (log) log.Add(line); });
        await Eventually.TrueAsync(() => { lock (log) return log.Count(l => l.StartsWith("cannot start tor")) >= 2; }, "two refused starts", TimeSpan.FromSeconds(60));
        lock (log) Assert.Contains(log, l => l.StartsWith("cannot start tor") && l.Contains("NoSuchOption"));
        Assert.Null(supervisor.Pid);
        Assert.Equal(0, supervisor.Restarts);
    }

    [Fact]
    public void Backoff_doubles_while_tor_dies_at_once_up_to_a_minute_and_resets_after_a_long_run()
    {
        var b = TorSupervisor.FirstBackoff;
        var seen = new List<double>();
        for (var i = 0; i < 8; i++) seen.Add((b = TorSupervisor.NextBackoff(b, TimeSpan.FromSeconds(2))).TotalSeconds);
        Assert.Equal([2, 4, 8, 16, 32, 60, 60, 60], seen);
        Assert.Equal(TorSupervisor.FirstBackoff, TorSupervisor.NextBackoff(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
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
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or Protocol.ControlProtocolException
                                         or ControlAuthenticationException) { return null; }
        }, p => p is not null, $"a tor other than {not?.ToString() ?? "none"} answering on the control socket", TimeSpan.FromSeconds(60));
        return pid!.Value;
    }
}
