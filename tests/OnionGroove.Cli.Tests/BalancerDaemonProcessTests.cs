using System.Net;
using System.Net.Sockets;
using OnionGroove.Crypto;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Cli.Tests;

/// <summary>`balancer run` as systemd runs it: a real process, real signals, a real tor where one is
/// needed. It says why tor's control port cannot be used, uses the configured cookie file, outlives
/// a broken configuration on reload and exits 0 on SIGTERM/SIGINT.</summary>
public sealed class BalancerDaemonProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static string WriteConfig(TempDir dir, string torSection, int backends = 1)
    {
        if (!File.Exists(dir["front/hs_ed25519_secret_key"]))
        {
            using var front = IdentitySecretKey.Generate();
            TorKeyFiles.WriteHiddenServiceDir(dir["front"], front);
        }
        var instances = string.Concat(Enumerable.Range(0, backends).Select(_ =>
        {
            using var b = IdentitySecretKey.Generate();
            return $"      - address: {b.Address}\n";
        }));
        File.WriteAllText(dir["config.yaml"], $"tor:\n{torSection}services:\n  - key: front/hs_ed25519_secret_key\n    instances:\n{instances}");
        return dir["config.yaml"];
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [Fact]
    public async Task Control_port_failures_are_logged_once_per_cause_and_SIGTERM_exits_0()
    {
        using var dir = new TempDir();
        var port = FreePort();
        var config = WriteConfig(dir, $"  control: 127.0.0.1:{port}\n");
        using var d = DaemonProcess.Start("balancer", "run", "--config", config, "--metrics-listen", "off");
        const string failure = "cannot use tor's control port at 127.0.0.1:";

        // Nothing listens: refused, logged once although the daemon keeps retrying.
        await d.WaitForAsync("Connection refused", Limit);
        await Task.Delay(TimeSpan.FromSeconds(4)); // several more attempts (back-off from 250 ms)
        Assert.Equal(1, d.Count(failure));

        // Something that is not tor answers: a new cause, logged once more.
        var garbage = new TcpListener(IPAddress.Loopback, port);
        garbage.Start();
        using var stop = new CancellationTokenSource();
        var serve = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var c = await garbage.AcceptTcpClientAsync(stop.Token);
                await c.GetStream().WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray(), stop.Token);
            }
        });
        try
        {
            await d.WaitForAsync("malformed reply from tor", Limit);
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(2, d.Count(failure));
            Assert.Equal(1, d.Count("malformed reply from tor"));
        }
        finally
        {
            stop.Cancel();
            garbage.Stop();
            try { await serve; } catch (Exception) { }
        }

        // systemd's stop: a clean stop, exit 0 (130 made systemd mark the unit failed).
        d.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, await d.WaitExitAsync(Limit));
        Assert.Contains("SIGTERM: stopping", d.Log);
        Assert.Contains("balancer: stopped", d.Log);
    }

    [Trait(TestCategory.Name, TestCategory.Network)] // starts tor
    [Fact]
    public async Task A_wrong_control_password_is_logged_once_and_Ctrl_C_exits_0()
    {
        using var dir = new TempDir();
        await using var tor = await TorProcess.StartAsync("pw", dir["tor"], ["DisableNetwork 1"],
            new TorProcessOptions { ControlAuth = TorControlAuthMode.Password, ControlPassword = "right" });
        var config = WriteConfig(dir, $"  control: {tor.ControlEndpoint}\n  password: wrong\n");
        using var d = DaemonProcess.Start("balancer", "run", "--config", config, "--metrics-listen", "off");
        await d.WaitForAsync("authentication failed: tor refused authentication: 515", Limit);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(1, d.Count("cannot use tor's control port"));
        Assert.DoesNotContain("wrong", d.Log.Replace("Password did not match", "")); // the password is never logged
        d.Signal(DaemonProcess.SIGINT);
        Assert.Equal(0, await d.WaitExitAsync(Limit));
    }

    [Trait(TestCategory.Name, TestCategory.Network)] // starts tor
    [Fact]
    public async Task The_configured_cookie_file_is_used()
    {
        using var dir = new TempDir();
        await using var tor = await TorProcess.StartAsync("ck", dir["tor"], ["DisableNetwork 1"]);
        // The copy named in the config is the only one left: tor's own path (which PROTOCOLINFO
        // names) is gone, as when tor runs in another mount namespace or chroot.
        File.Copy(tor.CookiePath, dir["cookie"]);
        File.Delete(tor.CookiePath);
        var config = WriteConfig(dir, $"  control: {tor.ControlEndpoint}\n  cookie_file: cookie\n");
        using var d = DaemonProcess.Start("balancer", "run", "--config", config, "--metrics-listen", "off");
        await d.WaitForAsync("connected to tor", Limit);
        Assert.DoesNotContain("cannot use tor's control port", d.Log);
        d.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, await d.WaitExitAsync(Limit));
    }

    [Fact]
    public async Task A_broken_config_on_reload_keeps_the_old_one_and_a_fixed_one_applies()
    {
        using var dir = new TempDir();
        var config = WriteConfig(dir, $"  control: 127.0.0.1:{FreePort()}\n");
        using var d = DaemonProcess.Start("balancer", "run", "--config", config, "--metrics-listen", "off");
        await d.WaitForAsync("attaching to tor", Limit);

        // The typo: an unclosed '{' (YamlDotNet threw out of the loader and the daemon died).
        File.WriteAllText(config,
            "services:\n  - key: front/hs_ed25519_secret_key\n    health_check: {port: 80\n    instances:\n      - address: u3jys23k7g4rniklzdfhhfeyyj5hmggzdu6nd4rqseb7zzth2lokedid.onion\n");
        d.Signal(DaemonProcess.SIGHUP);
        await d.WaitForAsync("configuration NOT reloaded", Limit);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(d.HasExited, "the daemon died on a broken configuration:\n" + d.Log);
        Assert.Contains("config.yaml", d.Log[d.Log.IndexOf("configuration NOT reloaded", StringComparison.Ordinal)..]);

        // Fixed: the next reload applies it (2 backends now).
        WriteConfig(dir, $"  control: 127.0.0.1:{FreePort()}\n", backends: 2);
        d.Signal(DaemonProcess.SIGHUP);
        await d.WaitForAsync("configuration reloaded: 1 service(s), 2 backend(s)", Limit);
        d.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, await d.WaitExitAsync(Limit));
    }
}
