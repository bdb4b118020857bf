using OnionGroove.Balancer.Metrics;

namespace OnionGroove.Probe.Doctor;

/// <summary>The balancer's metrics endpoint: it answers, the balancer is attached to tor, and each
/// service has at least two healthy backends (one more failure must not take a site down).</summary>
public static class BalancerMetricsCheck
{
    public const string Metrics = "balancer_metrics", Backends = "backends_live";
    public const int MinimumLiveBackends = 2;

    public static IReadOnlyList<DoctorFinding> Evaluate(string target, string exposition)
    {
        var (samples, errors) = PrometheusText.Parse(exposition);
        if (samples.Count == 0 || !samples.Any(s => s.Name == "oniongroove_tor_connected"))
            return [DoctorFinding.Fail(Metrics, target, errors.Count > 0 ? $"not the balancer's metrics ({errors[0]})" : "not the balancer's metrics",
                "point --metrics at the balancer's metrics_listen address (default 127.0.0.1:9464)")];
        var status = PrometheusText.ToStatus(samples);
        var findings = new List<DoctorFinding>
        {
            status.TorConnected ? DoctorFinding.Pass(Metrics, target, $"answering; attached to tor; {status.Services.Count} service(s)")
                : DoctorFinding.Fail(Metrics, target, "answering, but the balancer is not attached to tor",
                    "check the balancer's tor: journalctl -u oniongroove-balancer"),
        };
        foreach (var s in status.Services)
        {
            var live = s.Backends.Count(b => b.Healthy && b.IntroPoints > 0);
            findings.Add(live >= MinimumLiveBackends
                ? DoctorFinding.Pass(Backends, s.Service.ToString(), $"{live} of {s.Backends.Count} backends live")
                : DoctorFinding.Fail(Backends, s.Service.ToString(),
                    $"{live} of {s.Backends.Count} backends live ({string.Join(", ", s.Backends.Where(b => !(b.Healthy && b.IntroPoints > 0)).Select(b => b.Name))} down)",
                    "repair the backend, or add one: `oniongroove host add HOST --env E --backend SITE`, then `oniongroove render --env E` and the play"));
        }
        return findings;
    }
}
