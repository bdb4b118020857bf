using OnionGroove.Balancer.Backends;
using OnionGroove.Balancer.Config;

namespace OnionGroove.Balancer.Health;

/// <summary>One backend port to probe.</summary>
public readonly record struct ProbeTarget(ServiceId Backend, int Port);

/// <summary>A probe to run now; its result counts for each of <paramref name="Services"/>.</summary>
public sealed record Probe(ProbeTarget Target, TimeSpan Timeout, IReadOnlyList<ServiceId> Services);

/// <summary>Decides which backends to probe when, and applies the results. One probe per
/// (backend, port) serves every service that lists the backend (100 sites on the same backends
/// must not open 100 circuits per interval). No I/O; the engine serialises calls.</summary>
internal sealed class HealthScheduler(Action<string> log)
{
    private readonly Dictionary<ProbeTarget, DateTimeOffset> _lastProbe = [];

    /// <summary>The probes due now: a target is probed when its shortest interval passed since the
    /// last probe, or at once when a backend's descriptor just changed (probes made before its first
    /// descriptor reached the HSDirs fail and would keep it out for a whole interval). Targets for
    /// which <paramref name="inFlight"/> is true are skipped: a probe waiting out its timeout on a
    /// dead backend does not get a second one beside it.</summary>
    public IReadOnlyList<Probe> Due(IEnumerable<(ServiceId Service, HealthCheckConfig? Check, IEnumerable<BackendState> Backends)> services,
        DateTimeOffset now, Func<ProbeTarget, bool> inFlight)
    {
        var checks = new List<(ServiceId Service, ServiceId Backend, HealthCheckConfig Check, bool ProbeNow)>();
        foreach (var (service, check, backends) in services)
        {
            if (check is not { } hc) continue;
            foreach (var b in backends)
            {
                checks.Add((service, b.Id, hc, b.ProbeNow));
                b.ProbeNow = false;
            }
        }
        var due = new List<Probe>();
        foreach (var group in checks.GroupBy(h => new ProbeTarget(h.Backend, h.Check.Port)))
        {
            if (inFlight(group.Key)) continue;
            var isDue = group.Any(h => h.ProbeNow)
                        || !_lastProbe.TryGetValue(group.Key, out var t)
                        || now - t >= group.Min(h => h.Check.Interval);
            if (!isDue) continue;
            _lastProbe[group.Key] = now;
            due.Add(new Probe(group.Key, group.Max(h => h.Check.Timeout), group.Select(h => h.Service).ToList()));
        }
        return due;
    }

    /// <summary>Records a probe result for one service's view of a backend.</summary>
    public void Record(BackendState b, bool reachable, string detail, DateTimeOffset now)
    {
        if (b.Health is null) return;
        if (b.Health.Record(reachable, detail, now))
            log($"backend {b.Config.DisplayName} ({b.Id}) is now {(b.Health.Healthy ? "healthy" : "failing health checks: " + detail)}");
    }
}
