using OnionGroove.Balancer.Backends;
using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Health;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using static OnionGroove.Balancer.Tests.EngineTestKit;

namespace OnionGroove.Balancer.Tests;

/// <summary>Which probes are due: one per (backend, port) for every frontend listing the backend,
/// spaced by the shortest interval, at once after a descriptor change, never two at a time.</summary>
public class HealthSchedulerTests
{
    private static readonly HealthCheckConfig Every10s = new(80, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), 2);
    private static readonly HealthCheckConfig Every30s = new(80, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20), 2);

    [Fact]
    public void One_probe_serves_every_frontend_of_a_backend_and_waits_out_the_shortest_interval()
    {
        using var key = IdentitySecretKey.Generate();
        var backend = Id(key);
        var a = new BackendState(new InstanceConfig(1, backend.ToString(), "a", null), backend) { Health = new HealthTracker(2) };
        var b = new BackendState(new InstanceConfig(1, backend.ToString(), "b", null), backend) { Health = new HealthTracker(2) };
        using var frontendA = IdentitySecretKey.Generate();
        using var frontendB = IdentitySecretKey.Generate();
        var (fa, fb) = (Id(frontendA), Id(frontendB));
        var services = new (ServiceId, HealthCheckConfig?, IEnumerable<BackendState>)[] { (fa, Every10s, [a]), (fb, Every30s, [b]) };
        var scheduler = new HealthScheduler(_ => { });

        var probe = Assert.Single(scheduler.Due(services, Now, _ => false));
        Assert.Equal(new ProbeTarget(backend, 80), probe.Target);
        Assert.Equal([fa, fb], probe.Services);
        Assert.Equal(TimeSpan.FromSeconds(20), probe.Timeout); // the longest timeout of the two
        Assert.Empty(scheduler.Due(services, Now.AddSeconds(9), _ => false));
        Assert.Single(scheduler.Due(services, Now.AddSeconds(10), _ => false));

        // A descriptor change asks for a probe at once, unless one is still running.
        a.ProbeNow = true;
        Assert.Empty(scheduler.Due(services, Now.AddSeconds(11), _ => true));
        b.ProbeNow = true;
        Assert.Single(scheduler.Due(services, Now.AddSeconds(12), _ => false));
    }

    [Fact]
    public void Results_change_health_after_the_configured_failures_and_are_logged_once()
    {
        using var key = IdentitySecretKey.Generate();
        var backend = new BackendState(new InstanceConfig(1, Id(key).ToString(), "web", null), Id(key)) { Health = new HealthTracker(2) };
        var log = new List<string>();
        var scheduler = new HealthScheduler(log.Add);
        scheduler.Record(backend, false, "introduction failed", Now);
        Assert.True(backend.Health.Healthy);
        scheduler.Record(backend, false, "introduction failed", Now.AddSeconds(10));
        Assert.False(backend.Health.Healthy);
        scheduler.Record(backend, true, "connected", Now.AddSeconds(20));
        Assert.True(backend.Health.Healthy);
        Assert.Equal(2, log.Count);
        Assert.Contains("failing health checks: introduction failed", log[0]);
    }
}
