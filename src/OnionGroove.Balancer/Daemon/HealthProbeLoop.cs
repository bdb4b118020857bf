using System.Net;
using OnionGroove.Balancer.Health;

namespace OnionGroove.Balancer.Daemon;

/// <summary>Runs the probes the engine says are due through tor's SocksPort, each on its own: a
/// probe waiting out its timeout on a dead backend does not hold back the others' schedule.</summary>
internal sealed class HealthProbeLoop(BalancerEngine engine, Func<IPEndPoint?> socks, Action wake)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var inFlight = new Dictionary<ProbeTarget, Task>();
        while (!ct.IsCancellationRequested)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(1), ct); } catch (OperationCanceledException) { break; }
            foreach (var done in inFlight.Where(kv => kv.Value.IsCompleted).Select(kv => kv.Key).ToList()) inFlight.Remove(done);
            if (socks() is not { } endpoint || !engine.TorConnected) continue;
            foreach (var probe in engine.DueProbes(DateTimeOffset.UtcNow, inFlight.ContainsKey))
                inFlight[probe.Target] = ProbeAsync(endpoint, probe, ct);
        }
        try { await Task.WhenAll(inFlight.Values).WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
    }

    private async Task ProbeAsync(IPEndPoint socks, Probe probe, CancellationToken ct)
    {
        try
        {
            var r = await SocksProbe.ProbeAsync(socks, probe.Target.Backend + ".onion", probe.Target.Port, probe.Timeout, ct);
            var at = DateTimeOffset.UtcNow;
            foreach (var service in probe.Services) engine.OnHealthResult(service, probe.Target.Backend, r.Reachable, r.Detail, at);
            if (!r.Reachable) wake();
        }
        catch (OperationCanceledException) { }
    }
}
