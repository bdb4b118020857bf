using System.Diagnostics;
using OnionGroove.Control.Launch;
using OnionGroove.TestSupport;

namespace OnionGroove.Control.Tests;

/// <summary>The one launcher, with the real tor (DisableNetwork 1): ready means the control port
/// is open; a torrc tor refuses fails at once with tor's own line; stop is SIGTERM, not a kill.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class TorLauncherTests
{
    private static TorLaunchOptions Options(TempDir dir, params string[] extra) => new()
    {
        TorrcPath = dir["torrc"],
        TorrcLines = [$"DataDirectory {dir["data"]}", "DisableNetwork 1", "SocksPort 0", "ShutdownWaitLength 0",
            $"Log notice file {dir["notice.log"]}", .. extra],
        ControlPortFile = dir["control-port"],
        LogFile = dir["notice.log"],
    };

    [Fact]
    public async Task Start_waits_for_the_control_port_and_stop_is_a_clean_sigterm()
    {
        using var dir = new TempDir("ogl");
        var started = await TorLauncher.StartAsync(Options(dir, "ControlPort 127.0.0.1:auto", $"ControlSocket {dir["c"]}"));
        Assert.True(started.IsSuccess, started.Error?.ToString());
        await using var tor = started.Value;
        Assert.NotNull(tor.ControlEndpoint?.Tcp);
        Assert.Equal(dir["c"], tor.ControlSocketEndpoint?.UnixPath);
        await using (var c = await TorController.ConnectAsync(tor.ControlEndpoint!, Auth.ControlAuth.None))
            Assert.StartsWith("0.4.", await c.GetInfoAsync("version"));
        // Tied to us: tor watches this process and exits with it.
        Assert.Contains($"--__OwningControllerProcess\0{Environment.ProcessId}", await File.ReadAllTextAsync($"/proc/{tor.Pid}/cmdline"));

        var clock = Stopwatch.StartNew();
        await tor.StopAsync(TimeSpan.FromSeconds(20));
        Assert.True(tor.HasExited);
        // Exit code 0 and well inside the grace: tor shut down on SIGTERM, it was not killed.
        Assert.Equal(0, tor.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stop took {clock.Elapsed}");
        Assert.Contains("Catching signal TERM", await File.ReadAllTextAsync(dir["notice.log"]));
    }

    [Fact]
    public async Task A_torrc_tor_refuses_fails_at_once_with_tors_own_line()
    {
        using var dir = new TempDir("ogl");
        var clock = Stopwatch.StartNew();
        var started = await TorLauncher.StartAsync(Options(dir, "ControlPort 127.0.0.1:auto", "NoSuchOption 1") with
        {
            StartTimeout = TimeSpan.FromSeconds(60),
        });
        Assert.False(started.IsSuccess);
        // Not the 60 s deadline: the wait ends when tor exits.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(TorLaunchFailureKind.Exited, started.Error.Kind);
        Assert.Contains("NoSuchOption", started.Error.Message);
        Assert.Contains("exited with code 1", started.Error.Message);
    }

    [Fact]
    public async Task A_tor_that_never_opens_its_control_port_times_out_and_is_stopped()
    {
        using var dir = new TempDir("ogl");
        var started = await TorLauncher.StartAsync(Options(dir, "ControlPort 0") with { StartTimeout = TimeSpan.FromSeconds(2) });
        Assert.False(started.IsSuccess);
        Assert.Equal(TorLaunchFailureKind.TimedOut, started.Error.Kind);
        Assert.Contains("its control port did not come within 2 s", started.Error.Message);
        var pid = int.Parse(System.Text.RegularExpressions.Regex.Match(started.Error.Message, @"pid (\d+)").Groups[1].Value);
        Assert.False(ProcessSignals.Exists(pid) && File.Exists($"/proc/{pid}/cmdline")
            && (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Contains(dir["torrc"]), "the launcher left tor running");
    }

    [Fact]
    public async Task A_missing_binary_cannot_run()
    {
        using var dir = new TempDir("ogl");
        var started = await TorLauncher.StartAsync(Options(dir) with { TorPath = dir["no-such-tor"] });
        Assert.Equal(TorLaunchFailureKind.CannotRun, started.Error?.Kind);
        Assert.Contains("no-such-tor", started.Error!.Message);
    }

    [Fact]
    public async Task Waits_end_when_tor_exits_and_a_suspended_tor_still_stops_cleanly()
    {
        using var dir = new TempDir("ogl");
        var started = await TorLauncher.StartAsync(Options(dir, "ControlPort 127.0.0.1:auto"));
        await using var tor = started.Value;
        Assert.True(tor.Suspend());
        Assert.True(tor.Suspended);
        // SIGTERM stays pending while tor is stopped: stop resumes it first.
        await tor.StopAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, tor.ExitCode);

        var never = await tor.WaitForAsync<string>(() => null, "a file that never comes", TimeSpan.FromSeconds(60));
        Assert.Equal(TorLaunchFailureKind.Exited, never.Error?.Kind);
        Assert.Contains("while we waited for a file that never comes", never.Error!.Message);
    }

    [Fact]
    public async Task Hash_password_gives_a_hashed_control_password()
    {
        var hash = await TorLauncher.HashPasswordAsync("tor", "secret");
        Assert.True(hash.IsSuccess, hash.Error?.ToString());
        Assert.StartsWith("16:", hash.Value);
    }
}
