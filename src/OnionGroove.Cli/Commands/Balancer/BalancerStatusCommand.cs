using System.CommandLine;
using System.Net;
using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Metrics;

namespace OnionGroove.Cli.Commands.Balancer;

/// <summary>`oniongroove balancer status [--metrics IP:PORT | --config FILE] [--json]`: what a running
/// balancer reports on its metrics endpoint, for people.</summary>
public static class BalancerStatusCommand
{
    public static Command Create()
    {
        var metrics = new Option<string?>("--metrics") { Description = $"The balancer's metrics address (default: from --config, else {MetricsSettings.DefaultListen})" };
        var config = new Option<string?>("--config", "-c") { Description = "Read the metrics address from this configuration" };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON ({\"version\":1,\"data\":…})" };
        var cmd = new Command("status", "Show a running balancer's services, backends and uploads (reads its metrics endpoint)") { metrics, config, json };
        cmd.SetAction(async (pr, ct) =>
        {
            var stdout = pr.InvocationConfiguration.Output;
            var address = pr.GetValue(metrics);
            if (address is null && pr.GetValue(config) is { } cfgPath)
            {
                if (!ConfigLoader.LoadFile(cfgPath).TryGet(out var loaded, out var problems))
                    throw new CliError(ExitCodes.BadInput, $"cannot read {cfgPath}: {problems[0]}");
                address = loaded.Metrics.Listen ?? throw new CliError(ExitCodes.Usage, "metrics are off in that configuration");
            }
            address ??= MetricsSettings.DefaultListen;
            if (!IPEndPoint.TryParse(address, out var ep) || ep.Port == 0)
                throw new CliError(ExitCodes.Usage, $"--metrics '{address}' must be IP:PORT");

            string text;
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                text = await http.GetStringAsync($"http://{ep}/metrics", ct);
            }
            catch (HttpRequestException e)
            {
                throw new CliError(ExitCodes.External, $"no balancer answers on {ep}: {e.Message}", "is `oniongroove balancer run` running, with metrics on?");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new CliError(ExitCodes.External, $"the balancer on {ep} did not answer within 10 s");
            }
            var (samples, errors) = PrometheusText.Parse(text);
            if (errors.Count > 0 && samples.Count == 0) throw new CliError(ExitCodes.BadInput, $"{ep} does not serve balancer metrics ({errors[0]})");
            var status = PrometheusText.ToStatus(samples);
            if (pr.GetValue(json))
            {
                await JsonOutput.WriteAsync(stdout, StatusJson(status, DateTimeOffset.UtcNow));
                return ExitCodes.Ok;
            }
            await StatusText.WriteAsync(stdout, status, DateTimeOffset.UtcNow);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static object StatusJson(BalancerStatus s, DateTimeOffset now) => new
    {
        tor_connected = s.TorConnected,
        services = s.Services.Select(v => new
        {
            address = v.Service + ".onion",
            intro_points = v.IntroPoints,
            descriptors = v.Descriptors,
            last_successful_publish = v.LastSuccessfulPublish,
            // null for a service signing with its identity key
            signing_bundle_runs_out = v.SigningBundleRunsOut,
            signing_bundle_remaining_days = v.SigningBundleRunsOut is { } end ? Math.Round(Math.Max(0, (end - now).TotalDays), 2) : (double?)null,
            // off | withheld (pow on/follow, no pow-params: backends cannot verify solutions for the frontend) | published
            pow = v.Pow.ToString().ToLowerInvariant(),
            backends = v.Backends.Select(b => new
            {
                address = b.Backend + ".onion", name = b.Name, descriptor_age_seconds = b.DescriptorAgeSeconds,
                intro_points = b.IntroPoints, healthy = b.Healthy, published = b.Published,
                // null when the backend's PoW defence is off
                pow_suggested_effort = b.PowEffort, pow_seed_age_seconds = b.PowSeedAgeSeconds,
            }),
            hsdirs = v.HsDirs.Select(h => new { fingerprint = h.Fingerprint, uploads = h.Uploads, failures = h.Failures, rejections = h.Rejections, last_success = h.LastSuccess }),
        }),
    };
}
