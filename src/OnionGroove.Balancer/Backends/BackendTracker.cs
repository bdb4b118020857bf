using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Health;
using OnionGroove.Balancer.Tor;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Backends;

/// <summary>The backends of every frontend and what was seen of them: when to fetch their
/// descriptors, which fetched descriptors count, which backends are live with which intro points.
/// No I/O and no lock of its own: the engine serialises calls.</summary>
internal sealed class BackendTracker(IDescriptorCodec codec, Action<string> log)
{
    /// <summary>Frontend → its backends, in configuration order.</summary>
    private readonly Dictionary<ServiceId, Dictionary<ServiceId, BackendState>> _byService = [];

    /// <summary>Installs a frontend's backends from its configuration: backends that stay keep
    /// their descriptors and health; removed ones are forgotten.</summary>
    public void Configure(ServiceId service, ServiceConfig config, ServiceKeys keys)
    {
        if (!_byService.TryGetValue(service, out var backends)) _byService[service] = backends = [];
        var want = config.Instances.Select(i => ServiceId.Parse(i.Address)).ToHashSet();
        foreach (var gone in backends.Keys.Where(k => !want.Contains(k)).ToList())
        {
            backends.Remove(gone);
            log($"service {keys.Signer.Address}: backend {gone} removed");
        }
        foreach (var inst in config.Instances)
        {
            var id = ServiceId.Parse(inst.Address);
            if (!backends.TryGetValue(id, out var b)) backends[id] = b = new BackendState(inst, id);
            b.Config = inst;
            b.ClientKey = keys.BackendClientKeys.GetValueOrDefault(id);
            b.Health = config.HealthCheck is { } hc ? b.Health ?? new HealthTracker(hc.FailuresBeforeDown) : null;
        }
    }

    public void Forget(ServiceId service) => _byService.Remove(service);

    /// <summary>The backends of <paramref name="service"/>, in configuration order.</summary>
    public IReadOnlyCollection<BackendState> Of(ServiceId service) =>
        _byService.TryGetValue(service, out var backends) ? backends.Values : [];

    public BackendState? Find(ServiceId service, ServiceId backend) =>
        _byService.TryGetValue(service, out var backends) ? backends.GetValueOrDefault(backend) : null;

    public bool IsBackend(ServiceId id) => _byService.Values.Any(b => b.ContainsKey(id));

    /// <summary>Backends whose descriptor should be fetched now (never fetched, or
    /// <paramref name="interval"/> passed, or <paramref name="all"/>), each named once.</summary>
    public IReadOnlyList<ServiceId> DueForFetch(DateTimeOffset now, bool all, TimeSpan interval)
    {
        var due = new List<ServiceId>();
        foreach (var b in _byService.Values.SelectMany(s => s.Values))
        {
            if (all || b.LastFetchRequested is not { } t || now - t >= interval)
            {
                b.LastFetchRequested = now;
                due.Add(b.Id);
            }
        }
        return due.Distinct().ToList();
    }

    /// <summary>A descriptor arrived for backend <paramref name="id"/>. Returns true when it
    /// changed the intro points of a live backend (or made one live).</summary>
    public bool OnDescriptorContent(ServiceId id, string text, INetworkView view, DateTimeOffset now, TimeSpan staleAfter)
    {
        var changed = false;
        // Many services may share a backend: decode once per client key, not once per service.
        var decoded = new Dictionary<object, (BackendDescriptor?, string?)>();
        var logged = false;
        foreach (var backends in _byService.Values)
        {
            if (!backends.TryGetValue(id, out var b)) continue;
            var cacheKey = b.ClientKey ?? (object)decoded;
            if (!decoded.TryGetValue(cacheKey, out var result))
                decoded[cacheKey] = result = codec.DecodeBackend(text, b.Address, b.ClientKey, view.CandidatePeriods, now);
            var (desc, error) = result;
            if (desc is null)
            {
                NoteIgnored(b, error!, ref logged);
                continue;
            }
            b.LastError = null;
            if (b.Descriptors.TryGetValue(desc.Period, out var old) && old.RevisionCounter > desc.RevisionCounter)
                continue; // an HSDir served an older copy
            var before = b.IsLive(now, staleAfter) ? b.CurrentIntroPoints : ValueSet<IntroPointId>.Empty;
            var powBefore = Selection.PowPlan.Key(Config.PowMode.Follow, [("", b.Current?.Pow)]);
            b.Descriptors[desc.Period] = desc;
            foreach (var p in b.Descriptors.Keys.Where(p => p.Number < desc.Period.Number - 1).ToList()) b.Descriptors.Remove(p);
            b.LastValidAt = now;
            b.NotePowSeed(now);
            // A seed rotation keeps the intro points: wake the planner for it too (services with pow: off ignore it).
            if (Selection.PowPlan.Key(Config.PowMode.Follow, [("", b.Current?.Pow)]) != powBefore) changed = true;
            if (b.CurrentIntroPoints != before)
            {
                changed = true;
                b.ProbeNow = true;
                // Once per descriptor, not once per service sharing the backend (100 sites, 100 lines).
                if (!logged)
                {
                    logged = true;
                    log($"backend {b.Config.DisplayName} ({id}): {desc.IntroPoints.Count} intro point(s), period {desc.Period.Number}, revision {desc.RevisionCounter}");
                }
            }
        }
        return changed;
    }

    /// <summary>tor fetched a backend's descriptor and refused it (HS_DESC FAILED … REASON=BAD_DESC:
    /// the copy an HSDir served does not decode, e.g. garbage in its encrypted layers, which HSDirs
    /// cannot check). tor then reports no content, so it is said here; the backend's last good
    /// descriptor stays in use until it goes stale.</summary>
    public void OnRejectedByTor(ServiceId id, HsDirId? hsDir)
    {
        var logged = false;
        foreach (var backends in _byService.Values)
        {
            if (!backends.TryGetValue(id, out var b)) continue;
            NoteIgnored(b, "tor could not decode the copy an HSDir served (BAD_DESC)", ref logged, hsDir is { } h ? " from " + h : "");
        }
    }

    /// <summary>Records why a backend's descriptor was not used; says so once per new reason and
    /// once per event, not once per service sharing the backend.</summary>
    private void NoteIgnored(BackendState b, string error, ref bool logged, string logDetail = "")
    {
        if (b.LastError != error && !logged)
        {
            log($"backend {b.Config.DisplayName} ({b.Id}): descriptor ignored: {error}{logDetail}");
            logged = true;
        }
        b.LastError = error;
    }

    /// <summary>The backends of <paramref name="service"/> that are live now, in configuration order.</summary>
    public IReadOnlyList<BackendState> LiveOf(ServiceId service, DateTimeOffset now, TimeSpan staleAfter) =>
        Of(service).Where(b => b.IsLive(now, staleAfter)).ToList();

    /// <summary>Which backends are live and with which intro points: when this changes, the
    /// service's descriptors may change.</summary>
    public static ValueSet<LiveBackend> LiveSet(IEnumerable<BackendState> live) =>
        new(live.Select(b => new LiveBackend(b.Id, b.CurrentIntroPoints)));
}
