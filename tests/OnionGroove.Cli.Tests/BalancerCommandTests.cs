using OnionGroove.Balancer;
using System.Net;
using System.Text.Json;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Cli.Tests;

public class BalancerCommandTests
{
    [Fact]
    public void Check_lists_every_problem_with_its_line_and_exits_3()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config.yaml"], "services:\n  - key: k\n    instances:\n      - address: nope\n      - name: x\n");
        var r = CliRunner.Run("balancer", "check", "--config", dir["config.yaml"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("config.yaml:4: instance address 'nope'", r.Stderr);
        Assert.Contains("config.yaml:5: instance has no 'address'", r.Stderr);
    }

    [Fact]
    public void Check_accepts_an_onionbalance_config_with_a_tor_key_file()
    {
        using var dir = new TempDir();
        using var front = IdentitySecretKey.Generate();
        using var back = IdentitySecretKey.Generate();
        TorKeyFiles.WriteHiddenServiceDir(dir["front"], front);
        File.WriteAllText(dir["config.yaml"], $"services:\n- key: front/hs_ed25519_secret_key\n  instances:\n  - address: {back.Address}\n    name: web1\n");
        var r = CliRunner.Run("balancer", "check", "--config", dir["config.yaml"], "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
        var svc = doc.RootElement.GetProperty("data").GetProperty("services")[0];
        Assert.Equal(front.Address.ToString(), svc.GetProperty("frontend").GetString());
    }

    [Fact]
    public void Check_reports_a_frontend_listed_as_its_own_backend()
    {
        using var dir = new TempDir();
        using var front = IdentitySecretKey.Generate();
        TorKeyFiles.WriteHiddenServiceDir(dir["front"], front);
        File.WriteAllText(dir["config.yaml"], $"services:\n- key: front\n  instances:\n  - address: {front.Address}\n");
        var r = CliRunner.Run("balancer", "check", "--config", dir["config.yaml"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("config.yaml:4: this instance is the frontend itself", r.Stderr);
    }

    [Fact]
    public void Run_refuses_to_start_on_a_bad_config()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config.yaml"], "services: []\nbogus: 1\n");
        var r = CliRunner.Run("balancer", "run", "--config", dir["config.yaml"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("unknown key 'bogus'", r.Stderr);
        Assert.Contains("nothing was started", r.Stderr);
    }

    [Fact]
    public async Task Status_reads_the_metrics_endpoint_for_people_and_as_json()
    {
        var front = ServiceId.Of(IdentitySecretKey.Generate().PublicKey);
        var status = new BalancerStatus(true, [new ServiceStatus(front, 6, 1, DateTimeOffset.UtcNow.AddSeconds(-30),
            [new BackendStatus(ServiceId.Of(IdentitySecretKey.Generate().PublicKey), "web1", 12, 3, true, true), new BackendStatus(ServiceId.Of(IdentitySecretKey.Generate().PublicKey), "web2", null, 0, false, false)],
            [new HsDirStatus("ABCD", 4, 1, DateTimeOffset.UtcNow)])]);
        await using var server = MetricsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => PrometheusText.Render(status));
        var ep = $"127.0.0.1:{server.LocalEndPoint.Port}";
        var r = await Task.Run(() => CliRunner.Run("balancer", "status", "--metrics", ep));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"{front}.onion: 6 intro point(s)", r.Stdout);
        Assert.Contains("web2", r.Stdout);
        Assert.Contains("FAILING HEALTH CHECKS", r.Stdout);
        var j = await Task.Run(() => CliRunner.Run("balancer", "status", "--metrics", ep, "--json"));
        using var doc = JsonDocument.Parse(j.Stdout);
        var svc = doc.RootElement.GetProperty("data").GetProperty("services")[0];
        Assert.Equal(2, svc.GetProperty("backends").GetArrayLength());
        Assert.Equal(4, svc.GetProperty("hsdirs")[0].GetProperty("uploads").GetInt32());
    }

    [Fact]
    public void Status_without_a_balancer_is_an_external_error()
    {
        var port = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        port.Start();
        var free = ((IPEndPoint)port.LocalEndpoint).Port;
        port.Stop();
        var r = CliRunner.Run("balancer", "status", "--metrics", $"127.0.0.1:{free}");
        Assert.Equal(ExitCodes.External, r.ExitCode);
        Assert.Contains("no balancer answers", r.Stderr);
    }
}
