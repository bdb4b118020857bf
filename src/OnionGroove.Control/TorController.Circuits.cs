using OnionGroove.Control.Protocol;

namespace OnionGroove.Control;

/// <summary>Circuits of an onion service, and closing them.</summary>
public sealed partial class TorController
{
    /// <summary>The ids of the service-side rendezvous circuits (PURPOSE=HS_SERVICE_REND) of one
    /// onion service, from GETINFO circuit-status (control-spec §3.9, the CIRC event's fields
    /// §4.1.1: REND_QUERY names the service). These carry the streams of connected clients.</summary>
    public async Task<IReadOnlyList<string>> GetServiceRendezvousCircuitsAsync(string serviceId, CancellationToken ct = default)
    {
        var id = ServiceIdArgument(serviceId);
        var status = await GetInfoAsync("circuit-status", ct).ConfigureAwait(false);
        var ids = new List<string>();
        foreach (var line in status.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ');
            if (words.Length < 2) continue;
            if (words.Contains("PURPOSE=HS_SERVICE_REND") && words.Contains("REND_QUERY=" + id)) ids.Add(words[0]);
        }
        return ids;
    }

    /// <summary>CLOSECIRCUIT (control-spec §3.10); an unknown id (already closed) is not an error here.</summary>
    public async Task<bool> CloseCircuitAsync(string circuitId, CancellationToken ct = default)
    {
        if (circuitId.Length == 0 || !circuitId.All(char.IsAsciiLetterOrDigit)) throw new ArgumentException($"not a circuit id: {circuitId}", nameof(circuitId));
        try
        {
            await Connection.ExecuteAsync("CLOSECIRCUIT " + circuitId, null, ct).ConfigureAwait(false);
            return true;
        }
        catch (ControlCommandException e) when (e.Status == 552) { return false; }
    }
}
