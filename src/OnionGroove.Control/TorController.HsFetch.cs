using OnionGroove.Control.Events;
using OnionGroove.Control.HsFetch;
using OnionGroove.Control.Protocol;
using OnionGroove.Core;
using OnionGroove.Crypto;

namespace OnionGroove.Control;

/// <summary>Fetching descriptors the way a client gets them: HSFETCH, then the text from
/// HS_DESC_CONTENT (control-spec §3.26, §4.1.25–26). These replace the connection's enabled events
/// (SETEVENTS HS_DESC HS_DESC_CONTENT): use a connection of their own.</summary>
public sealed partial class TorController
{
    private static readonly string[] HsFetchEvents = ["HS_DESC", "HS_DESC_CONTENT"];

    /// <summary>Fetches <paramref name="address"/>'s descriptor from the HSDirs tor picks and waits
    /// for it until <paramref name="timeout"/>.</summary>
    public async Task<Result<string, HsFetchError>> FetchHsDescriptorAsync(OnionAddress address, TimeSpan timeout,
        CancellationToken ct = default) =>
        (await FetchHsDescriptorsAsync([new HsFetchRequest(address)], timeout, ct).ConfigureAwait(false))[0].Descriptor;

    /// <summary>Sends one HSFETCH per request and collects the answers until each has one or
    /// <paramref name="timeout"/> runs out. A request for one HSDir ends with that HSDir's answer,
    /// failure included; one left to tor waits for a descriptor, since tor's failures there say
    /// only that one of several HSDirs had none. A descriptor fetched also replaces the one in
    /// tor's cache. Answers come in the order of <paramref name="requests"/>.</summary>
    public async Task<IReadOnlyList<HsFetchAnswer>> FetchHsDescriptorsAsync(IReadOnlyList<HsFetchRequest> requests, TimeSpan timeout,
        CancellationToken ct = default)
    {
        var answers = new Dictionary<HsFetchRequest, Result<string, HsFetchError>>();
        var end = new HsFetchError(HsFetchErrorKind.TimedOut, "no answer in time");
        using var events = SubscribeEvents();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            try { await SetEventsAsync(HsFetchEvents, deadline.Token).ConfigureAwait(false); }
            catch (ControlCommandException e) { end = new HsFetchError(HsFetchErrorKind.Refused, e.Message); }
            if (end.Kind != HsFetchErrorKind.Refused)
            {
                foreach (var r in requests.Distinct())
                {
                    try { await HsFetchAsync(r.Address, r.HsDir is null ? null : ["$" + r.HsDir], deadline.Token).ConfigureAwait(false); }
                    catch (ControlCommandException e) { answers[r] = new HsFetchError(HsFetchErrorKind.Refused, e.Message); }
                }
                if (!requests.All(answers.ContainsKey))
                {
                    end = new HsFetchError(HsFetchErrorKind.ConnectionClosed, "tor closed the control connection before the descriptor arrived");
                    await foreach (var e in events.ReadAllAsync(deadline.Token).ConfigureAwait(false))
                    {
                        foreach (var r in requests) Record(r, e, answers);
                        if (requests.All(answers.ContainsKey)) break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            end = new HsFetchError(HsFetchErrorKind.TimedOut, "no answer in time");
        }
        return requests.Select(r => new HsFetchAnswer(r, answers.TryGetValue(r, out var a) ? a : end)).ToList();
    }

    /// <summary>Notes what <paramref name="e"/> says about <paramref name="request"/>. An empty
    /// answer from an HSDir stays open to its FAILED reason, which tor may send after it.</summary>
    private static void Record(HsFetchRequest request, TorEvent e, Dictionary<HsFetchRequest, Result<string, HsFetchError>> answers)
    {
        var id = request.Address.ServiceId;
        var settled = answers.TryGetValue(request, out var known) && (known.IsSuccess || known.Error.Detail != EmptyAnswer);
        if (settled) return;
        switch (e)
        {
            case HsDescContentEvent c when c.Address == id && c.Descriptor.Length > 0 && (request.HsDir is null || c.HsDirFingerprint == request.HsDir):
                answers[request] = c.Descriptor;
                break;
            case HsDescContentEvent c when c.Address == id && request.HsDir is not null && c.HsDirFingerprint == request.HsDir:
                answers.TryAdd(request, new HsFetchError(HsFetchErrorKind.Failed, EmptyAnswer));
                break;
            case HsDescEvent { Action: HsDescAction.Failed } f when f.Address == id && request.HsDir is not null && f.HsDirFingerprint == request.HsDir:
                answers[request] = new HsFetchError(HsFetchErrorKind.Failed, f.Reason ?? "FAILED");
                break;
        }
    }

    private const string EmptyAnswer = "empty answer";
}
