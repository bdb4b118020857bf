using System.Diagnostics;
using System.Net;
using System.Text;
using OnionGroove.Control;
using OnionGroove.Control.HsFetch;
using OnionGroove.Probe.Checks;
using OnionGroove.Probe.Network;
using OnionGroove.Probe.Site;

namespace OnionGroove.Probe;

/// <summary>Probes sites through one tor: for each, the descriptor from every responsible HSDir
/// separately (HSFETCH SERVER=, control-spec §3.26), its checks, then the site over tor's SOCKS port.
/// The control connection must be used by nothing else meanwhile (HSFETCH replaces its events).</summary>
public sealed class OnionProbe(TorController tor, IPEndPoint socks, ProbeSettings settings, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>One round: reads the consensus once, then probes the sites one after the other.</summary>
    public async Task<ProbeRound> RunAsync(IReadOnlyList<ProbeTarget> targets, CancellationToken ct = default)
    {
        var network = await ProbeNetwork.LoadAsync(tor, ct).ConfigureAwait(false);
        var reports = new List<SiteReport>(targets.Count);
        foreach (var t in targets)
        {
            if (network.TryGet(out var net, out var error)) reports.Add(await ProbeAsync(t, net, ct).ConfigureAwait(false));
            else reports.Add(new SiteReport(t.Name, t.Address.ToString(), _clock.GetUtcNow(), null, [], null, [], Verdict.Unreachable,
                [$"cannot compute the responsible HSDirs: {error}"]));
        }
        return new ProbeRound(reports, network.TryGet(out var n, out _) ? n.MaxDescriptorSize : null);
    }

    public async Task<SiteReport> ProbeAsync(ProbeTarget target, ProbeNetwork network, CancellationToken ct = default)
    {
        var started = Stopwatch.StartNew();
        var probedAt = _clock.GetUtcNow();
        var hsDirs = new List<HsDirResult>();
        foreach (var h in network.ResponsibleHsDirs(target.Address))
        {
            var fingerprint = h.Fingerprint.ToString();
            var time = Stopwatch.StartNew();
            var answer = (await tor.FetchHsDescriptorsAsync([new HsFetchRequest(target.Address, fingerprint)], settings.HsDirTimeout, ct)
                .ConfigureAwait(false))[0];
            var latency = time.Elapsed.TotalSeconds;
            hsDirs.Add(answer.Descriptor.TryGet(out var text, out var error)
                ? new HsDirResult(fingerprint, h.ClientsFetchHere, true, latency, null,
                    DescriptorCheck.Review(Encoding.ASCII.GetBytes(text), target.Address, network.ClientPeriod, target.ClientKey,
                        _clock.GetUtcNow(), network.MaxDescriptorSize))
                : new HsDirResult(fingerprint, h.ClientsFetchHere, false, latency, error.ToString(), null));
        }
        var descriptor = hsDirs.Where(h => h.Descriptor?.Facts is not null)
            .OrderByDescending(h => h.Descriptor!.Usable).ThenByDescending(h => h.RevisionCounter)
            .Select(h => h.Descriptor).FirstOrDefault() ?? hsDirs.Select(h => h.Descriptor).FirstOrDefault(d => d is not null);

        var fetches = new List<SiteResult>();
        // Without a usable descriptor tor cannot build a circuit to the site: asking would only wait out the timeout.
        if (hsDirs.Any(h => h.Usable))
        {
            var host = target.Address.ToString();
            // tor needs the client key to open the descriptor itself before it builds the circuit to the site
            // (control-spec §3.30; not permanent: tor forgets it when it exits).
            string? refused = null;
            if (target.ClientKey is { } key)
            {
                try { await tor.OnionClientAuthAddAsync(target.Address, key, ct: ct).ConfigureAwait(false); }
                catch (Control.Protocol.ControlCommandException e) { refused = $"tor refused the client key: {e.Message}"; }
            }
            foreach (var scheme in new[] { settings.Http ? "http" : null, settings.Https ? "https" : null }.OfType<string>())
            {
                var url = new Uri($"{scheme}://{host}{settings.Path}");
                fetches.Add(refused is null ? await SiteFetcher.FetchAsync(url, socks, settings.SiteTimeout, ct).ConfigureAwait(false)
                    : new SiteResult(url.ToString(), false, null, 0, refused, null));
            }
        }
        var (verdict, reasons) = ProbeVerdict.Judge(hsDirs, descriptor, fetches, settings, _clock.GetUtcNow());
        return new SiteReport(target.Name, target.Address.ToString(), probedAt, network.ClientPeriod.Number, hsDirs, descriptor, fetches, verdict, reasons)
        {
            DurationSeconds = started.Elapsed.TotalSeconds,
        };
    }
}
