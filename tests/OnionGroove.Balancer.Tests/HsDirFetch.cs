using OnionGroove.Balancer.Tor;
using OnionGroove.Control;
using OnionGroove.Control.HsFetch;
using OnionGroove.Crypto;
using OnionGroove.TestNetwork;

namespace OnionGroove.Balancer.Tests;

/// <summary>Reads descriptors the way a client gets them, through a client tor
/// (<see cref="TorController.FetchHsDescriptorsAsync"/>): HSFETCH with SERVER= asks one HSDir for
/// what it holds (not what the balancer believes it uploaded). Each call uses its own control
/// connection, so its SETEVENTS does not disturb anyone.</summary>
internal static class HsDirFetch
{
    /// <summary>What one HSDir answered: the descriptor text, or why not.</summary>
    public sealed record Answer(string HsDir, string? Descriptor, string? Failure);

    /// <summary>Asks each of <paramref name="hsDirs"/> (fingerprints) for <paramref name="serviceId"/>'s
    /// descriptor of the client's current time period. A descriptor fetched this way also replaces
    /// the one in the client's cache.</summary>
    public static async Task<IReadOnlyList<Answer>> FromEachAsync(TorProcess client, string serviceId, IReadOnlyList<string> hsDirs,
        TimeSpan timeout, CancellationToken ct)
    {
        await using var tor = await client.ConnectAsync(ct);
        var address = OnionAddress.Parse(serviceId);
        var answers = await tor.FetchHsDescriptorsAsync(hsDirs.Select(h => new HsFetchRequest(address, h)).Distinct().ToList(), timeout, ct);
        return answers.Select(a => a.Descriptor.TryGet(out var text, out var error)
            ? new Answer(a.Request.HsDir!, text, null) : new Answer(a.Request.HsDir!, null, error.Detail)).ToList();
    }

    /// <summary>Fetches each service's descriptor from whichever HSDir the client picks; returns the
    /// texts that arrived (by service id).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EachServiceAsync(TorProcess client, IReadOnlyList<string> serviceIds,
        TimeSpan timeout, CancellationToken ct)
    {
        await using var tor = await client.ConnectAsync(ct);
        var answers = await tor.FetchHsDescriptorsAsync(serviceIds.Distinct().Select(id => new HsFetchRequest(OnionAddress.Parse(id))).ToList(), timeout, ct);
        return answers.Where(a => a.Descriptor.IsSuccess).ToDictionary(a => a.Request.Address.ServiceId, a => a.Descriptor.Value);
    }

    /// <summary>The client's network view (HSDir rings, periods), computed like the balancer does.</summary>
    public static async Task<INetworkView> ViewAsync(TorProcess client, CancellationToken ct)
    {
        await using var tor = await client.ConnectAsync(ct);
        var (view, error) = await new ControlPortNetworkViewSource().LoadAsync(tor, ct);
        return view ?? throw new InvalidOperationException("the client has no usable consensus: " + error);
    }

    /// <summary>Decodes a descriptor of <paramref name="address"/> (no client authorisation) with the
    /// balancer's own checks: signature, blinded key of one of the view's periods, both layers.</summary>
    public static BackendDescriptor? Decode(string text, OnionAddress address, INetworkView view, DateTimeOffset now, out string? error)
    {
        var (d, e) = new DescriptorCodec().DecodeBackend(text, address, null, view.CandidatePeriods, now);
        error = e;
        return d;
    }
}
