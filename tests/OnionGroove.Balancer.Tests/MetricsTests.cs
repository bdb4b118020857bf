using OnionGroove.Crypto.Keys;
using System.Net;
using OnionGroove.Balancer.Metrics;

namespace OnionGroove.Balancer.Tests;

public class MetricsTests
{
    private static readonly ServiceId Front = ServiceId.Of(IdentitySecretKey.Generate().PublicKey), Back1 = ServiceId.Of(IdentitySecretKey.Generate().PublicKey), Back2 = ServiceId.Of(IdentitySecretKey.Generate().PublicKey);

    private static BalancerStatus Sample() => new(true,
    [
        new ServiceStatus(Front, 6, 1, DateTimeOffset.FromUnixTimeSeconds(1_790_000_000),
            [
                new BackendStatus(Back1, "web \"1\"", 12.5, 3, true, true),
                new BackendStatus(Back2, "web2", null, 0, false, false),
            ],
            [new HsDirStatus("AAAA", 4, 3, DateTimeOffset.FromUnixTimeSeconds(1_790_000_100), Rejections: 2)]) { Pow = Selection.PowPublishing.Withheld },
    ]);

    [Fact]
    public void Render_then_parse_gives_the_same_status()
    {
        var text = PrometheusText.Render(Sample());
        Assert.Contains($"oniongroove_backend_intro_points{{service=\"{Front}\",backend=\"{Back1}\",name=\"web \\\"1\\\"\"}} 3", text);
        Assert.Contains("# TYPE oniongroove_hsdir_uploads_total counter", text);
        Assert.Contains($"oniongroove_hsdir_upload_rejections_total{{service=\"{Front}\",hsdir=\"AAAA\"}} 2", text);
        var (samples, errors) = PrometheusText.Parse(text);
        Assert.Empty(errors);
        var back = PrometheusText.ToStatus(samples);
        Assert.True(back.TorConnected);
        var s = Assert.Single(back.Services);
        Assert.Equal(6, s.IntroPoints);
        Assert.Contains($"oniongroove_service_pow_publishing{{service=\"{Front}\",state=\"withheld\"}} 1", text);
        Assert.Equal(Selection.PowPublishing.Withheld, s.Pow);
        Assert.Equal(Sample().Services[0].LastSuccessfulPublish, s.LastSuccessfulPublish);
        Assert.Equal(Sample().Services[0].Backends, s.Backends);
        Assert.Equal(Sample().Services[0].HsDirs, s.HsDirs);
    }

    [Fact]
    public void Malformed_exposition_lines_are_reported()
    {
        var (samples, errors) = PrometheusText.Parse("ok_metric 1\n{bad} 2\nx{a=\"unterminated} 3\ny notanumber\n");
        Assert.Single(samples);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public async Task The_server_answers_GET_metrics_and_nothing_else()
    {
        await using var server = MetricsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => PrometheusText.Render(Sample()));
        using var http = new HttpClient();
        var url = $"http://127.0.0.1:{server.LocalEndPoint.Port}";
        var resp = await http.GetAsync(url + "/metrics");
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        Assert.StartsWith("text/plain", resp.Content.Headers.ContentType!.ToString());
        Assert.Contains("oniongroove_tor_connected 1", await resp.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(url + "/other")).StatusCode);
    }
}
