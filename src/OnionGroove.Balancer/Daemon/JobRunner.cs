using OnionGroove.Control;
using OnionGroove.Control.Protocol;

namespace OnionGroove.Balancer.Daemon;

/// <summary>Carries out one round of the engine's decisions over tor's control port: HSFETCH for
/// the backends due, HSPOST for the uploads planned. A refused command is logged (and a refused
/// HSPOST reported to the engine as failed uploads); the round goes on.</summary>
internal sealed class JobRunner(BalancerEngine engine, NetworkViewTracker network, DaemonLog log)
{
    public async Task RunAsync(TorController tor, DateTimeOffset now, CancellationToken ct)
    {
        await network.RefreshAsync(tor, now, ct);
        if (network.View is not { } view) return;

        foreach (var backend in engine.BackendsToFetch(now, network.TakeRefetchAll()))
        {
            try { await tor.HsFetchAsync(backend.ToString(), ct: ct); }
            catch (ControlCommandException e) { log.Write($"HSFETCH {backend} refused: {e.Message}"); }
        }

        foreach (var job in engine.PlanPublishes(view, now))
        {
            try { await tor.HsPostAsync(job.Descriptor, job.HsDirs.Select(h => "$" + h), job.ServiceId.ToString(), ct); }
            catch (ControlCommandException e)
            {
                log.Write($"HSPOST for {job.ServiceId}.onion refused: {e.Message}");
                engine.OnPostFailed(job, e.Message, now);
            }
        }
    }
}
