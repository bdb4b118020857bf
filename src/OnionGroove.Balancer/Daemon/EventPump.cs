using System.Threading.Channels;
using OnionGroove.Control.Events;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Daemon;

/// <summary>Hands tor's HS_DESC and HS_DESC_CONTENT events to the engine: backend descriptors
/// fetched or refused, frontend uploads confirmed or failed. Wakes the main loop when there is
/// something to do at once.</summary>
internal sealed class EventPump(BalancerEngine engine, NetworkViewTracker network, Action wake, DaemonLog log)
{
    public async Task RunAsync(ChannelReader<TorEvent> events, CancellationToken ct)
    {
        try
        {
            await foreach (var e in events.ReadAllAsync(ct))
            {
                // One bad event must not end the pump: without it no upload is ever confirmed.
                try { OnEvent(e); }
                catch (Exception x) { log.Write($"unexpected error handling {e.GetType().Name}, carrying on: {x.GetType().Name}: {x.Message}"); }
            }
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    private void OnEvent(TorEvent e)
    {
        var now = DateTimeOffset.UtcNow;
        switch (e)
        {
            case HsDescContentEvent c when ServiceId.TryParse(c.Address, out var backend) && engine.IsBackend(backend):
                if (engine.OnDescriptorContent(backend, c.Descriptor, network.View, now)) wake();
                break;
            case HsDescEvent { Action: HsDescAction.Uploaded } u when ServiceId.TryParse(u.Address, out var frontend) && engine.IsFrontend(frontend):
                if (HsDirId.TryParse(u.HsDir, out var uploadedTo)) engine.OnUploadResult(frontend, uploadedTo, true, null, now);
                break;
            case HsDescEvent { Action: HsDescAction.Failed } f when ServiceId.TryParse(f.Address, out var frontend) && engine.IsFrontend(frontend):
                if (HsDirId.TryParse(f.HsDir, out var failedAt)) engine.OnUploadResult(frontend, failedAt, false, f.Reason, now);
                wake();
                break;
            case HsDescEvent { Action: HsDescAction.Failed, Reason: "BAD_DESC" } bad when ServiceId.TryParse(bad.Address, out var backend) && engine.IsBackend(backend):
                engine.OnBackendDescriptorRejectedByTor(backend, HsDirId.TryParse(bad.HsDir, out var servedBy) ? servedBy : null);
                break;
            case HsDescEvent { Action: HsDescAction.Created or HsDescAction.Uploaded } b when ServiceId.TryParse(b.Address, out var backend) && engine.IsBackend(backend):
                // A backend served by this same tor just made or uploaded a descriptor: fetch it now.
                network.RequestRefetchAll();
                wake();
                break;
        }
    }
}
