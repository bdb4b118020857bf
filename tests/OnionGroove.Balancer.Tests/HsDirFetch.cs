using OnionGroove.Balancer.Tor;
using OnionGroove.Control;
using OnionGroove.Control.Events;
using OnionGroove.Crypto;
using OnionGroove.TestNetwork;

namespace OnionGroove.Balancer.Tests;

/// <summary>Reads descriptors the way a client gets them, through a client tor: HSFETCH with
/// SERVER= asks one HSDir for what it holds (not what the balancer believes it uploaded), and the
/// answer arrives as HS_DESC_CONTENT (control-spec §3.26, §4.1.26). Each call uses its own control
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
        using var events = tor.SubscribeEvents();
        await tor.SetEventsAsync(["HS_DESC", "HS_DESC_CONTENT"], ct);
        var wanted = hsDirs.Select(h => h.ToUpperInvariant()).ToHashSet();
        foreach (var h in wanted) await tor.HsFetchAsync(serviceId, ["$" + h], ct);
        var answers = new Dictionary<string, Answer>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await foreach (var e in events.ReadAllAsync(cts.Token))
            {
                switch (e)
                {
                    case HsDescContentEvent c when c.Address == serviceId && c.HsDirFingerprint is { } fp && wanted.Contains(fp):
                        if (c.Descriptor.Length > 0) answers[fp] = new Answer(fp, c.Descriptor, null);
                        else answers.TryAdd(fp, new Answer(fp, null, "empty answer"));
                        break;
                    case HsDescEvent { Action: HsDescAction.Failed } f when f.Address == serviceId && f.HsDirFingerprint is { } fp && wanted.Contains(fp):
                        answers[fp] = new Answer(fp, null, f.Reason ?? "FAILED");
                        break;
                }
                if (wanted.All(answers.ContainsKey)) break;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
        return wanted.Select(h => answers.TryGetValue(h, out var a) ? a : new Answer(h, null, "no answer in time")).ToList();
    }

    /// <summary>Fetches each service's descriptor from whichever HSDir the client picks; returns the
    /// texts that arrived (by service id).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EachServiceAsync(TorProcess client, IReadOnlyList<string> serviceIds,
        TimeSpan timeout, CancellationToken ct)
    {
        await using var tor = await client.ConnectAsync(ct);
        using var events = tor.SubscribeEvents();
        await tor.SetEventsAsync(["HS_DESC_CONTENT"], ct);
        foreach (var id in serviceIds) await tor.HsFetchAsync(id, ct: ct);
        var texts = new Dictionary<string, string>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await foreach (var e in events.ReadAllAsync(cts.Token))
            {
                if (e is HsDescContentEvent c && c.Descriptor.Length > 0 && serviceIds.Contains(c.Address)) texts[c.Address] = c.Descriptor;
                if (texts.Count == serviceIds.Count) break;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
        return texts;
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
