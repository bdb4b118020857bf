using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Health;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Balancer.Publishing;
using OnionGroove.Balancer.Selection;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Balancer.Daemon;

/// <summary>The balancer's decisions, free of I/O: which backends to fetch, what a fetched
/// descriptor means, what to upload where and when. The daemon feeds it events and carries out
/// the jobs it returns. Thread-safe (one lock; every call is short).</summary>
public sealed class BalancerEngine(IDescriptorCodec codec, BalancerTimings initialTimings, Action<string> log, Random? random = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServiceState> _services = [];
    private readonly Descriptors.Building.RevisionCounterClock _revisions = new();
    private readonly UploadAttemptLog _attempts = new();
    /// <summary>(service, HSDir) → first post tor has not yet reported on (UPLOADED or FAILED).</summary>
    private readonly Dictionary<(string Service, string HsDir), DateTimeOffset> _unansweredSince = [];

    public bool TorConnected { get; set; }

    /// <summary>Replaced once tor tells whether it is in a test network.</summary>
    public BalancerTimings Timings { get; set; } = initialTimings;
    private BalancerTimings timings => Timings;

    /// <summary>Installs a (re)loaded configuration. State of services and backends that stay is
    /// kept (descriptors, upload history); removed ones are forgotten and their keys zeroed.</summary>
    public void ApplyConfig(IReadOnlyList<(ServiceConfig Config, ServiceKeys Keys)> services)
    {
        lock (_lock)
        {
            var keep = new HashSet<string>();
            foreach (var (cfg, keys) in services)
            {
                keep.Add(keys.ServiceId);
                if (_services.TryGetValue(keys.ServiceId, out var s))
                {
                    s.Keys.Dispose();
                    s.Config = cfg;
                    s.Keys = keys;
                }
                else
                {
                    s = new ServiceState(cfg, keys, new UploadLedger(Backoff.Default, timings.UploadTimeout));
                    _services[keys.ServiceId] = s;
                    log($"service {keys.Identity.Address}: {cfg.Instances.Count} backend(s)");
                }
                var want = cfg.Instances.ToDictionary(i => i.Address);
                foreach (var gone in s.Backends.Keys.Where(k => !want.ContainsKey(k)).ToList())
                {
                    s.Backends.Remove(gone);
                    log($"service {s.Keys.Identity.Address}: backend {gone} removed");
                }
                foreach (var inst in cfg.Instances)
                {
                    if (!s.Backends.TryGetValue(inst.Address, out var b))
                    {
                        b = new BackendState(inst, OnionAddress.Parse(inst.Address));
                        s.Backends[inst.Address] = b;
                    }
                    b.Config = inst;
                    b.Health = cfg.HealthCheck is { } hc ? b.Health ?? new HealthTracker(hc.FailuresBeforeDown) : null;
                }
                s.ForceRepublish = true;
            }
            foreach (var gone in _services.Keys.Where(k => !keep.Contains(k)).ToList())
            {
                _services[gone].Keys.Dispose();
                _services.Remove(gone);
                _attempts.Forget(gone);
                foreach (var k in _unansweredSince.Keys.Where(k => k.Service == gone).ToList()) _unansweredSince.Remove(k);
                log($"service {gone}.onion removed");
            }
        }
    }

    /// <summary>All backend addresses with their client keys (for ONION_CLIENT_AUTH_ADD).</summary>
    public IReadOnlyList<(string ServiceId, ClientAuthSecretKey Key)> BackendClientKeys()
    {
        lock (_lock)
            return _services.Values.SelectMany(s => s.Keys.BackendClientKeys.Select(kv => (kv.Key, kv.Value))).ToList();
    }

    /// <summary>Backends whose descriptor should be fetched now (never fetched, or the poll
    /// interval passed, or <paramref name="all"/> after a consensus or period change).</summary>
    public IReadOnlyList<string> BackendsToFetch(DateTimeOffset now, bool all = false)
    {
        lock (_lock)
        {
            var due = new List<string>();
            foreach (var b in _services.Values.SelectMany(s => s.Backends.Values))
            {
                if (all || b.LastFetchRequested is not { } t || now - t >= timings.BackendFetchInterval)
                {
                    b.LastFetchRequested = now;
                    due.Add(b.ServiceId);
                }
            }
            return due.Distinct().ToList();
        }
    }

    /// <summary>Backends with health checks: (service id, backend address, check, probe at once).
    /// A backend whose descriptor just changed is probed at once: probes made before its first
    /// descriptor reached the HSDirs fail and would keep it out for a whole interval.</summary>
    public IReadOnlyList<(string ServiceId, string Backend, HealthCheckConfig Check, bool ProbeNow)> HealthChecks()
    {
        lock (_lock)
        {
            var list = new List<(string, string, HealthCheckConfig, bool)>();
            foreach (var s in _services.Values)
            {
                if (s.Config.HealthCheck is not { } hc) continue;
                foreach (var b in s.Backends.Values)
                {
                    list.Add((s.ServiceId, b.ServiceId, hc, b.ProbeNow));
                    b.ProbeNow = false;
                }
            }
            return list;
        }
    }

    public void OnHealthResult(string serviceId, string backend, bool reachable, string detail, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_services.TryGetValue(serviceId, out var s) || !s.Backends.TryGetValue(backend, out var b) || b.Health is null) return;
            if (b.Health.Record(reachable, detail, now))
                log($"backend {b.Config.DisplayName} ({b.ServiceId}) is now {(b.Health.Healthy ? "healthy" : "failing health checks: " + detail)}");
        }
    }

    /// <summary>tor fetched a backend's descriptor and refused it (HS_DESC FAILED … REASON=BAD_DESC:
    /// the copy an HSDir served does not decode, e.g. garbage in its encrypted layers, which HSDirs
    /// cannot check). tor then reports no content, so it is said here; the backend's last good
    /// descriptor stays in use until it goes stale.</summary>
    public void OnBackendDescriptorRejectedByTor(string address, string? hsDir)
    {
        lock (_lock)
        {
            var logged = false;
            foreach (var s in _services.Values)
            {
                if (!s.Backends.TryGetValue(address, out var b)) continue;
                NoteIgnored(b, address, "tor could not decode the copy an HSDir served (BAD_DESC)", ref logged, hsDir is null ? "" : " from " + hsDir);
            }
        }
    }

    /// <summary>Records why a backend's descriptor was not used; says so once per new reason and
    /// once per event, not once per service sharing the backend.</summary>
    private void NoteIgnored(BackendState b, string address, string error, ref bool logged, string logDetail = "")
    {
        if (b.LastError != error && !logged)
        {
            log($"backend {b.Config.DisplayName} ({address}): descriptor ignored: {error}{logDetail}");
            logged = true;
        }
        b.LastError = error;
    }

    /// <summary>A descriptor arrived (HS_DESC_CONTENT) for <paramref name="address"/>. Returns true
    /// when it changed a backend's intro points.</summary>
    public bool OnDescriptorContent(string address, string text, INetworkView? view, DateTimeOffset now)
    {
        if (text.Length < 5 || view is null) return false; // empty content = fetch failed
        lock (_lock)
        {
            var changed = false;
            // Many services may share a backend: decode once per client key, not once per service.
            var decoded = new Dictionary<object, (BackendDescriptor?, string?)>();
            var logged = false;
            foreach (var s in _services.Values)
            {
                if (!s.Backends.TryGetValue(address, out var b)) continue;
                s.Keys.BackendClientKeys.TryGetValue(address, out var clientKey);
                if (!decoded.TryGetValue(clientKey ?? (object)decoded, out var result))
                    decoded[clientKey ?? (object)decoded] = result = codec.DecodeBackend(text, b.Address, clientKey, view.CandidatePeriods, now);
                var (desc, error) = result;
                if (desc is null)
                {
                    NoteIgnored(b, address, error!, ref logged);
                    continue;
                }
                b.LastError = null;
                if (b.Descriptors.TryGetValue(desc.Period.Number, out var old) && old.RevisionCounter > desc.RevisionCounter)
                    continue; // an HSDir served an older copy
                var before = b.IsLive(now, timings.BackendStaleAfter) ? IntroKey(b.Current!.IntroPoints) : "";
                b.Descriptors[desc.Period.Number] = desc;
                foreach (var p in b.Descriptors.Keys.Where(p => p < desc.Period.Number - 1).ToList()) b.Descriptors.Remove(p);
                b.LastValidAt = now;
                if (IntroKey(b.Current!.IntroPoints) != before)
                {
                    changed = true;
                    b.ProbeNow = true;
                    // Once per descriptor, not once per service sharing the backend (100 sites, 100 lines).
                    if (!logged)
                    {
                        logged = true;
                        log($"backend {b.Config.DisplayName} ({address}): {desc.IntroPoints.Count} intro point(s), period {desc.Period.Number}, revision {desc.RevisionCounter}");
                    }
                }
            }
            return changed;
        }
    }

    /// <summary>HS_DESC UPLOADED / FAILED for one of our frontends.</summary>
    public void OnUploadResult(string address, string hsDir, bool uploaded, string? reason, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_services.TryGetValue(address, out var s)) return;
            _unansweredSince.Remove((address, UploadLedger.Norm(hsDir)));
            if (uploaded) s.Ledger.OnUploaded(hsDir, now);
            else
            {
                s.Ledger.OnFailed(hsDir, reason ?? "UNKNOWN", now);
                log($"service {address}.onion: upload to {hsDir} failed: {reason ?? "no reason given"}");
            }
        }
    }

    /// <summary>An HSPOST that tor refused outright: every HSDir of the job failed.</summary>
    public void OnPostFailed(PublishJob job, string reason, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_services.TryGetValue(job.ServiceId, out var s)) return;
            foreach (var h in job.HsDirs)
            {
                _unansweredSince.Remove((job.ServiceId, UploadLedger.Norm(h)));
                s.Ledger.OnFailed(h, reason, now);
            }
        }
    }

    public void ForceRepublishAll()
    {
        lock (_lock) foreach (var s in _services.Values) s.ForceRepublish = true;
    }

    /// <summary>Decides what to upload now: for each service and each of its two descriptor slots,
    /// a new descriptor when the intro points or the HSDir set changed, on first publication, when
    /// the republish interval passed or when forced; plus retries of failed uploads.</summary>
    /// <remarks>With many services, one change (a backend's new descriptor) makes every service
    /// upload at once: 100 sites × 2 periods × ~8 HSDirs is ~1,600 directory posts, and the daemon
    /// hands them to tor one HSPOST at a time. Measured with 100 sites: the loop was busy for over
    /// 3 minutes, so a site whose backend died waited behind everyone's routine uploads and the
    /// dead backend stayed advertised. So each round plans at most <see cref="MaxPostsPerRound"/>
    /// HSPOSTs, most urgent first (content changes, then forced, then refreshes and retries); the
    /// rest wait for the next round with their state untouched.</remarks>
    public IReadOnlyList<PublishJob> PlanPublishes(INetworkView view, DateTimeOffset now)
    {
        lock (_lock)
        {
            var jobs = new List<PublishJob>();
            var ranked = _services.Values.Select(s => (Service: s, Urgency: Urgency(s, view, now)))
                .Where(x => x.Urgency is not null)
                .OrderBy(x => x.Urgency).ThenBy(x => x.Service.LastPlanned).ToList();
            foreach (var (s, _) in ranked)
            {
                if (jobs.Count >= MaxPostsPerRound) break;
                PlanService(s, view, now, jobs);
                s.LastPlanned = now;
            }
            return jobs;
        }
    }

    /// <summary>HSPOSTs planned per round at most (a round is one daemon tick).</summary>
    public const int MaxPostsPerRound = 10;

    /// <summary>How urgently a service needs planning: 0 its content or HSDirs changed (or it never
    /// uploaded for a period), 1 forced, 2 refresh or retry due; null nothing to do.</summary>
    private int? Urgency(ServiceState s, INetworkView view, DateTimeOffset now)
    {
        if (LiveKey(s, now) != s.LastLiveKey) return 0;
        if (s.LastLiveKey == "") return null; // nothing live, nothing to upload
        var slots = Slots(s, view);
        foreach (var slot in slots)
            if (!s.Published.TryGetValue(slot.Period.Number, out var last) || last.HsDirKey != slot.HsDirKey) return 0;
        if (s.ForceRepublish) return 1;
        if (slots.Any(slot => s.Published[slot.Period.Number] is var p && now - p.At >= p.RefreshAfter)) return 2;
        if (s.Ledger.NextRetryAt() is { } retry && retry <= now) return 2;
        foreach (var ((service, _), since) in _unansweredSince)
            if (service == s.ServiceId && now - since > timings.UploadTimeout) return 2;
        return null;
    }

    /// <summary>Which backends are live and with which intro points: when this changes, the
    /// service's descriptors may change.</summary>
    private string LiveKey(ServiceState s, DateTimeOffset now) =>
        string.Join(';', s.Backends.Values.Where(b => b.IsLive(now, timings.BackendStaleAfter))
            .Select(b => b.ServiceId + "=" + IntroKey(b.Current!.IntroPoints)).Order(StringComparer.Ordinal));

    /// <summary>A service's descriptor slots for this view; blinding the key costs a scalar
    /// multiplication per period, so it is done once per consensus, not once per tick.</summary>
    private static IReadOnlyList<DescriptorSlot> Slots(ServiceState s, INetworkView view)
    {
        if (s.SlotsView != view || s.Slots is null)
        {
            s.Slots = view.SlotsFor(s.Keys.Identity.PublicKey);
            s.SlotsView = view;
        }
        return s.Slots;
    }

    private void PlanService(ServiceState s, INetworkView view, DateTimeOffset now, List<PublishJob> jobs)
    {
        s.LastLiveKey = LiveKey(s, now);
        var live = s.Backends.Values.Where(b => b.IsLive(now, timings.BackendStaleAfter))
            .Select(b => new BackendIntroPoints<IntroductionPoint>(b.ServiceId, b.Current!.IntroPoints)).ToList();
        foreach (var b in s.Backends.Values) b.Published = false;
        if (live.Count == 0) return; // nothing to advertise yet: keep whatever is on the HSDirs

        ExpireUnanswered(s, now);
        // HSDirs waiting out a backoff, and the (period, HSDir) uploads the ledger will retry.
        var entries = s.Ledger.Snapshot();
        var backingOffHsDirs = entries.Where(e => e.State == UploadLedger.State.Failed && e.RetryAt > now).Select(e => e.HsDir).ToHashSet();
        var tracked = entries.Select(e => (e.Period, e.HsDir)).ToHashSet();
        var slots = Slots(s, view);
        var force = s.ForceRepublish;
        s.ForceRepublish = false;
        var introCount = 0;
        var groupsCount = 0;
        foreach (var slot in slots)
        {
            var plan = DescriptorPlan<IntroductionPoint>.Make(live, slot.HsDirs, s.Config.MaxIntroPoints,
                s.Config.IntroPointsPerInstance, s.Config.DistinctDescriptors, s.Rotation, IntroPointRelay.Of);
            var introKey = string.Join('|', plan.Groups.Select(IntroKey));
            introCount = Math.Max(introCount, plan.Groups.Sum(g => g.Count));
            groupsCount = Math.Max(groupsCount, plan.Groups.Count);
            var used = plan.Groups.SelectMany(g => g).Select(ip => Convert.ToHexString(ip.AuthKey)).ToHashSet();
            foreach (var b in s.Backends.Values)
                if (b.Current is { } cur && cur.IntroPoints.Any(ip => used.Contains(Convert.ToHexString(ip.AuthKey)))) b.Published = true;

            s.Published.TryGetValue(slot.Period.Number, out var last);
            var reason = last is null ? "first upload for this period"
                : force ? "forced (config reload or tor reconnect)"
                : last.IntroKey != introKey ? "intro points changed"
                : last.HsDirKey != slot.HsDirKey ? "HSDir set changed"
                : now - last.At >= last.RefreshAfter ? "periodic refresh"
                : null;

            if (reason is not null)
            {
                var revision = _revisions.Next(s.Keys.Identity.PublicKey, slot.Period, now).Value;
                var texts = new Dictionary<string, string>();
                for (var g = 0; g < plan.Groups.Count; g++)
                {
                    var targets = slot.HsDirs.Where(h => plan.GroupOfHsDir.TryGetValue(h.Fingerprint, out var x) && x == g)
                        .Select(h => h.Fingerprint).ToList();
                    if (targets.Count == 0) continue;
                    var (text, error) = codec.BuildFrontend(s.Keys.Identity, slot.Period, plan.Groups[g], revision, s.Keys.AuthorizedClients, now);
                    if (text is null)
                    {
                        log($"service {s.Keys.Identity.Address}: cannot build descriptor for period {slot.Period.Number}: {error}");
                        continue;
                    }
                    var posted = new List<string>();
                    foreach (var t in targets)
                    {
                        texts[t] = text;
                        // An HSDir waiting out its backoff gets this descriptor at its retry, not now:
                        // frequent changes must not turn the backoff into a tight loop.
                        // (A period it holds nothing for yet still gets one attempt, so the ledger tracks it.)
                        var h = UploadLedger.Norm(t);
                        if (backingOffHsDirs.Contains(h) && tracked.Contains((slot.Period.Number, h))) continue;
                        MarkPosted(s, slot.Period.Number, t, revision, now);
                        posted.Add(t);
                    }
                    if (posted.Count > 0) jobs.Add(new PublishJob(s.ServiceId, slot.Period.Number, revision, text, posted));
                }
                s.Published[slot.Period.Number] = new PublishedSlot(introKey, slot.HsDirKey, now, texts,
                    timings.RepublishInterval * (0.8 + 0.2 * (random ?? Random.Shared).NextDouble()));
                log($"service {s.Keys.Identity.Address}: uploading period {slot.Period.Number} descriptor(s) " +
                    $"({plan.Groups.Count} set(s), {plan.Groups.Sum(g => g.Count)} intro points from {live.Count} backend(s)) " +
                    $"to {slot.HsDirs.Count} HSDir(s), revision {revision}: {reason}");
            }
            else if (last is not null)
            {
                // Retry the HSDirs whose upload failed, with the descriptor they should hold.
                foreach (var e in s.Ledger.DueForRetry(now).Where(e => e.Period == slot.Period.Number))
                {
                    if (!last.DescriptorOfHsDir.TryGetValue(e.HsDir, out var text)) continue;
                    MarkPosted(s, e.Period, e.HsDir, e.Revision, now);
                    log($"service {s.Keys.Identity.Address}: retrying the period {e.Period} upload to {e.HsDir} " +
                        $"after {e.ConsecutiveFailures} failure(s) ({e.LastFailure})");
                    jobs.Add(new PublishJob(s.ServiceId, e.Period, e.Revision, text, [e.HsDir]));
                }
            }
        }
        var keepFrom = slots.Min(x => x.Period.Number);
        foreach (var old in s.Published.Keys.Where(p => p < keepFrom).ToList()) s.Published.Remove(old);
        s.Ledger.ForgetPeriodsBefore(keepFrom);
        s.LastIntroPointCount = introCount;
        s.LastDescriptorCount = groupsCount;
        if (live.Count * 3 > s.Config.MaxIntroPoints) s.Rotation++;
    }

    private void MarkPosted(ServiceState s, long period, string hsDir, ulong revision, DateTimeOffset now)
    {
        s.Ledger.MarkPosted(period, hsDir, revision, now);
        _attempts.Record(s.ServiceId, hsDir, now);
        _unansweredSince.TryAdd((s.ServiceId, UploadLedger.Norm(hsDir)), now);
    }

    /// <summary>An HSDir that hangs (accepts connections, never answers) gets no HS_DESC event from
    /// tor for a long time, and each newer descriptor posted to it restarts the ledger's per-upload
    /// timer. So silence is measured from the first unanswered post: past the upload timeout it
    /// counts as a failure and the HSDir goes into backoff.</summary>
    private void ExpireUnanswered(ServiceState s, DateTimeOffset now)
    {
        List<string>? expired = null;
        foreach (var ((service, hsDir), since) in _unansweredSince)
            if (service == s.ServiceId && now - since > timings.UploadTimeout) (expired ??= []).Add(hsDir);
        if (expired is null) return;
        var pending = s.Ledger.Snapshot().Where(e => e.State == UploadLedger.State.Pending).GroupBy(e => e.HsDir)
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var h in expired)
        {
            _unansweredSince.Remove((s.ServiceId, h));
            // The ledger may have timed the uploads out itself already; count each silence once.
            if (!pending.TryGetValue(h, out var n)) continue;
            // A silent HSDir is silent for both periods' descriptors: all of them go into backoff.
            for (var i = 0; i < n; i++) s.Ledger.OnFailed(h, $"no answer within {timings.UploadTimeout.TotalSeconds:0} s", now);
            log($"service {s.Keys.Identity.Address}: no answer from HSDir {h} within {timings.UploadTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>The earliest moment something is due (retries), so the daemon can sleep until then.</summary>
    public DateTimeOffset? NextRetryAt()
    {
        lock (_lock) return _services.Values.Select(s => s.Ledger.NextRetryAt()).Where(t => t is not null).Min();
    }

    /// <summary>When uploads of <paramref name="serviceId"/>'s descriptors to one HSDir were
    /// handed to tor (newest last, the last <see cref="UploadAttemptLog.Keep"/>): shows retry spacing.</summary>
    public IReadOnlyList<DateTimeOffset> UploadAttempts(string serviceId, string hsDirFingerprint)
    {
        lock (_lock) return _attempts.Of(serviceId, hsDirFingerprint);
    }

    public bool IsFrontend(string address)
    {
        lock (_lock) return _services.ContainsKey(address);
    }

    public bool IsBackend(string address)
    {
        lock (_lock) return _services.Values.Any(s => s.Backends.ContainsKey(address));
    }

    public BalancerStatus Status(DateTimeOffset now)
    {
        lock (_lock)
        {
            return new BalancerStatus(TorConnected, _services.Values.Select(s => new ServiceStatus(
                s.ServiceId,
                s.LastIntroPointCount,
                s.LastDescriptorCount,
                s.Ledger.LastSuccess,
                s.Backends.Values.Select(b => new BackendStatus(b.ServiceId, b.Config.DisplayName,
                    b.LastValidAt is { } t ? (now - t).TotalSeconds : null,
                    b.Current?.IntroPoints.Count ?? 0,
                    b.Health?.Healthy ?? true,
                    b.Published)).ToList(),
                s.Ledger.StatsByHsDir().Select(kv => new HsDirStatus(kv.Key, kv.Value.Uploads, kv.Value.Failures, kv.Value.LastSuccess, kv.Value.Rejections)).ToList()
            )).ToList());
        }
    }

    private static string IntroKey(IEnumerable<IntroductionPoint> ips) =>
        string.Join(',', ips.Select(ip => Convert.ToHexString(ip.AuthKey)).Order(StringComparer.Ordinal));
}
