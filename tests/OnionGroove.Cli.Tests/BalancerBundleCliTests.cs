using OnionGroove.Balancer;
using System.Net;
using System.Text.Json;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>`balancer check` and `balancer status` with a service whose key is a signing bundle (issue #12).</summary>
public sealed class BalancerBundleCliTests : IDisposable
{
    private readonly BundleSite _site = new();
    private readonly TimePeriod _current = TimePeriod.FromTime(DateTimeOffset.UtcNow);

    public void Dispose() => _site.Dispose();

    private byte[] Bundle(IdentitySecretKey identity, TimePeriod first, int count) => BundleSite.Bytes(identity, first, count, DateTimeOffset.UtcNow);

    private string Config(byte[] bundle, string extra = "")
    {
        _site.WriteBundle(bundle);
        return _site.Config(extra);
    }

    [Fact]
    public void Check_accepts_a_bundle_and_shows_its_range_and_time_left()
    {
        var config = Config(Bundle(_site.Front, _current.Previous, 12), $"    address: {_site.Front.Address}\n");
        var r = CliRunner.Run("balancer", "check", "--config", config);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"{_site.Front.Address}: signing bundle {_site.BundlePath}, periods {_current.Previous.Number} to {_current.Previous.Number + 11}", r.Stdout);
        Assert.Contains("days left", r.Stdout);
        Assert.DoesNotContain("REFRESH SOON", r.Stdout);

        var j = CliRunner.Run("balancer", "check", "--config", config, "--json");
        Assert.Equal(0, j.ExitCode);
        using var doc = JsonDocument.Parse(j.Stdout);
        var svc = doc.RootElement.GetProperty("data").GetProperty("services")[0];
        Assert.Equal(_site.Front.Address.ToString(), svc.GetProperty("frontend").GetString());
        var b = svc.GetProperty("signing_bundle");
        Assert.Equal(_current.Previous.Number + 11, b.GetProperty("last_period").GetInt64());
        Assert.InRange(b.GetProperty("remaining_days").GetDouble(), 9.0, 11.0);
        // No secret: neither a seed nor a certificate.
        Assert.DoesNotContain("seed", j.Stdout);
        Assert.DoesNotContain("cert", j.Stdout);
    }

    [Fact]
    public void Check_says_refresh_soon_within_the_warning_days()
    {
        var r = CliRunner.Run("balancer", "check", "--config", Config(Bundle(_site.Front, _current.Previous, 3)));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("REFRESH SOON", r.Stdout);
    }

    [Fact]
    public void Check_reports_a_tampered_bundle_on_the_service_line_with_the_bundle_line()
    {
        var (tampered, i) = BundleSite.TamperFirstCertificate(Bundle(_site.Front, _current.Previous, 4));
        var r = CliRunner.Run("balancer", "check", "--config", Config(tampered));
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains($"config.yaml:2: cannot use the signing bundle {_site.BundlePath}: invalid signing bundle, line {i + 1}:", r.Stderr);
    }

    [Fact]
    public void Check_reports_a_bundle_of_another_frontend_and_an_expired_bundle()
    {
        using var other = IdentitySecretKey.Generate();
        var wrong = CliRunner.Run("balancer", "check", "--config", Config(Bundle(other, _current.Previous, 4), $"    address: {_site.Front.Address}\n"));
        Assert.Equal(ExitCodes.BadInput, wrong.ExitCode);
        Assert.Contains($"config.yaml:2: {_site.BundlePath} is for {other.Address}, not for the configured address {_site.Front.Address}", wrong.Stderr);

        var expired = CliRunner.Run("balancer", "check", "--config", Config(Bundle(_site.Front, _current.Previous.Previous.Previous, 2)));
        Assert.Equal(ExitCodes.BadInput, expired.ExitCode);
        Assert.Contains("config.yaml:2: cannot use the signing bundle", expired.Stderr);
        Assert.Contains("the bundle ran out", expired.Stderr);
    }

    [Fact]
    public async Task Status_shows_when_the_bundle_runs_out_for_people_and_as_json()
    {
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(5).ToUnixTimeSeconds());
        ServiceId bundled = ServiceId.Of(IdentitySecretKey.Generate().PublicKey), keyed = ServiceId.Of(IdentitySecretKey.Generate().PublicKey);
        var status = new BalancerStatus(true, [
            new ServiceStatus(bundled, 3, 1, DateTimeOffset.UtcNow, [], [], end),
            new ServiceStatus(keyed, 3, 1, DateTimeOffset.UtcNow, [], []),
        ]);
        await using var server = MetricsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => PrometheusText.Render(status));
        var ep = $"127.0.0.1:{server.LocalEndPoint.Port}";

        var r = await Task.Run(() => CliRunner.Run("balancer", "status", "--metrics", ep));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"signing bundle runs out {end:yyyy-MM-dd HH:mm}Z, in 5.0 days", r.Stdout);
        Assert.Single(r.Stdout.Split('\n'), l => l.Contains("signing bundle"));

        var j = await Task.Run(() => CliRunner.Run("balancer", "status", "--metrics", ep, "--json"));
        using var doc = JsonDocument.Parse(j.Stdout);
        var services = doc.RootElement.GetProperty("data").GetProperty("services");
        var withBundle = services.EnumerateArray().Single(s => s.GetProperty("address").GetString() == $"{bundled}.onion");
        Assert.Equal(end, withBundle.GetProperty("signing_bundle_runs_out").GetDateTimeOffset());
        Assert.InRange(withBundle.GetProperty("signing_bundle_remaining_days").GetDouble(), 4.9, 5.0);
        var withKey = services.EnumerateArray().Single(s => s.GetProperty("address").GetString() == $"{keyed}.onion");
        Assert.Equal(JsonValueKind.Null, withKey.GetProperty("signing_bundle_runs_out").ValueKind);
    }
}
