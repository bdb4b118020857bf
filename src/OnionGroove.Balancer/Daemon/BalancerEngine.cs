using OnionGroove.Balancer.Backends;
using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Health;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Balancer.Publishing;
using OnionGroove.Balancer.Signing;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer.Daemon;

/// <summary>The balancer's decisions, free of I/O: which backends to fetch, what a fetched
/// descriptor means, what to upload where and when. The daemon feeds it events and carries out
/// the jobs it returns. A coordinator: the frontends are kept here, their backends by the
/// <see cref="BackendTracker"/>, probes by the <see cref="HealthScheduler"/>, uploads by the
/// <see cref="PublishPlanner"/>. Thread-safe (one lock; every call is short).</summary>
public sealed class BalancerEngine
{
    private readonly Lock _lock = new();
    private readonly Action<string> _log;
    private readonly Dictionary<ServiceId, ServiceState> _services = [];
    private readonly BackendTracker _backends;
    private readonly HealthScheduler _health;
    private readonly PublishPlanner _planner;

    public BalancerEngine(IDescriptorCodec codec, BalancerTimings initialTimings, Action<string> log, Random? random = null)
    {
        _log = log;
        Timings = initialTimings;
        _backends = new BackendTracker(codec, log);
        _health = new HealthScheduler(log);
        _planner = new PublishPlanner(codec, log, random);
    }

    public bool TorConnected { get; set; }

    /// <summary>Replaced once tor tells whether it is in a test network.</summary>
    public BalancerTimings Timings { get; set; }

    /// <summary>HSPOSTs planned per round at most (a round is one daemon tick).</summary>
    public const int MaxPostsPerRound = PublishPlanner.MaxPostsPerRound;

    /// <summary>Uploads left unanswered in tor's hands at most (see <see cref="UploadBudget"/>).</summary>
    public const int MaxUploadsInFlight = UploadBudget.MaxInFlight;

    /// <summary>Of <see cref="MaxUploadsInFlight"/>, those only a change of live backends may use.</summary>
    public const int UploadsReservedForLiveSetChanges = UploadBudget.ReservedForLiveSetChanges;

    /// <summary>Installs a (re)loaded configuration. State of services and backends that stay is
    /// kept (descriptors, upload history); removed ones are forgotten and their keys zeroed.</summary>
    public void ApplyConfig(IReadOnlyList<(ServiceConfig Config, ServiceKeys Keys)> services)
    {
        lock (_lock)
        {
            var keep = new HashSet<ServiceId>();
            foreach (var (cfg, keys) in services)
            {
                var id = keys.ServiceId;
                keep.Add(id);
                if (_services.TryGetValue(id, out var s))
                {
                    // Zeroes the old secrets: a refreshed signing bundle replaces the old one's seeds.
                    if (!ReferenceEquals(s.Keys, keys)) s.Keys.Dispose();
                    s.Config = cfg;
                    s.Keys = keys;
                }
                else
                {
                    s = new ServiceState(id, cfg, keys, new UploadLedger(Backoff.Default, Timings.UploadTimeout));
                    _services[id] = s;
                    _log($"service {keys.Signer.Address}: {cfg.Instances.Count} backend(s)");
                }
                if (keys.Signer is BundleSigner b)
                    _log($"service {keys.Signer.Address}: signing with the bundle {b.Path} (periods {b.Bundle.First.Number} to {b.Bundle.Last.Number}, " +
                         $"runs out at {b.Bundle.CoversUntil:yyyy-MM-dd HH:mm}Z); the identity key is not on this host");
                if (Selection.PowPolicy.Warning(cfg, keys.Signer.Address.ToString()) is { } powWarning) _log("WARNING: " + powWarning);
                _backends.Configure(id, cfg, keys);
                s.ForceRepublish = true;
            }
            foreach (var gone in _services.Keys.Where(k => !keep.Contains(k)).ToList())
            {
                _services[gone].Keys.Dispose();
                _services.Remove(gone);
                _backends.Forget(gone);
                _planner.Forget(gone);
                _log($"service {gone}.onion removed");
            }
        }
    }

    /// <summary>All backend addresses with their client keys (for ONION_CLIENT_AUTH_ADD).</summary>
    public IReadOnlyList<(ServiceId ServiceId, ClientAuthSecretKey Key)> BackendClientKeys()
    {
        lock (_lock)
            return _services.Values.SelectMany(s => s.Keys.BackendClientKeys.Select(kv => (kv.Key, kv.Value))).ToList();
    }

    /// <summary>Backends whose descriptor should be fetched now (never fetched, or the poll
    /// interval passed, or <paramref name="all"/> after a consensus or period change).</summary>
    public IReadOnlyList<ServiceId> BackendsToFetch(DateTimeOffset now, bool all = false)
    {
        lock (_lock) return _backends.DueForFetch(now, all, Timings.BackendFetchInterval);
    }

    /// <summary>Health probes to start now; <paramref name="inFlight"/> names targets still being probed.</summary>
    public IReadOnlyList<Probe> DueProbes(DateTimeOffset now, Func<ProbeTarget, bool> inFlight)
    {
        lock (_lock)
            return _health.Due(_services.Values.Select(s => (s.Id, s.Config.HealthCheck, (IEnumerable<BackendState>)_backends.Of(s.Id))), now, inFlight);
    }

    public void OnHealthResult(ServiceId service, ServiceId backend, bool reachable, string detail, DateTimeOffset now)
    {
        lock (_lock)
            if (_services.ContainsKey(service) && _backends.Find(service, backend) is { } b) _health.Record(b, reachable, detail, now);
    }

    /// <summary>tor refused a copy of a backend's descriptor (HS_DESC FAILED … REASON=BAD_DESC); see
    /// <see cref="BackendTracker.OnRejectedByTor"/>.</summary>
    public void OnBackendDescriptorRejectedByTor(ServiceId backend, HsDirId? hsDir)
    {
        lock (_lock) _backends.OnRejectedByTor(backend, hsDir);
    }

    /// <summary>A descriptor arrived (HS_DESC_CONTENT) for <paramref name="backend"/>. Returns true
    /// when it changed a backend's intro points or its pow-params.</summary>
    public bool OnDescriptorContent(ServiceId backend, string text, INetworkView? view, DateTimeOffset now)
    {
        if (text.Length < 5 || view is null) return false; // empty content = fetch failed
        lock (_lock) return _backends.OnDescriptorContent(backend, text, view, now, Timings.BackendStaleAfter);
    }

    /// <summary>HS_DESC UPLOADED / FAILED for one of our frontends.</summary>
    public void OnUploadResult(ServiceId service, HsDirId hsDir, bool uploaded, string? reason, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_services.TryGetValue(service, out var s)) return;
            if (uploaded) s.Ledger.OnUploaded(hsDir, now);
            else
            {
                s.Ledger.OnFailed(hsDir, reason ?? "UNKNOWN", now);
                _log($"service {service}.onion: upload to {hsDir} failed: {reason ?? "no reason given"}");
            }
        }
    }

    /// <summary>An HSPOST that tor refused outright: every HSDir of the job failed.</summary>
    public void OnPostFailed(PublishJob job, string reason, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_services.TryGetValue(job.ServiceId, out var s)) return;
            foreach (var h in job.HsDirs) s.Ledger.OnFailed(h, reason, now);
        }
    }

    public void ForceRepublishAll()
    {
        lock (_lock) foreach (var s in _services.Values) s.ForceRepublish = true;
    }

    /// <summary>A new connection to tor (a restarted tor, or a lost connection whose events are
    /// gone): the uploads handed to the old one will not be answered, so they stop counting
    /// against <see cref="UploadBudget"/> (the ledger's timeouts fail them as usual).</summary>
    public void ForgetUploadsInFlight()
    {
        lock (_lock) foreach (var s in _services.Values) s.Ledger.ForgetInFlight();
    }

    /// <summary>Uploads handed to tor and not answered yet, over all services (see <see cref="UploadBudget"/>).</summary>
    public int UploadsInFlight(DateTimeOffset now)
    {
        lock (_lock) return _services.Values.Sum(s => s.Ledger.InFlight(now, Timings.UploadTimeout));
    }

    /// <summary>What to upload now (see <see cref="PublishPlanner"/>).</summary>
    public IReadOnlyList<PublishJob> PlanPublishes(INetworkView view, DateTimeOffset now)
    {
        lock (_lock) return _planner.Plan(_services.Values, _backends, view, Timings, now);
    }

    /// <summary>The earliest moment something is due (retries), so the daemon can sleep until then.</summary>
    public DateTimeOffset? NextRetryAt()
    {
        lock (_lock) return _services.Values.Select(s => s.Ledger.NextRetryAt()).Where(t => t is not null).Min();
    }

    /// <summary>When uploads of <paramref name="service"/>'s descriptors to one HSDir were
    /// handed to tor (newest last, the last <see cref="UploadAttemptLog.Keep"/>): shows retry spacing.</summary>
    public IReadOnlyList<DateTimeOffset> UploadAttempts(ServiceId service, HsDirId hsDir)
    {
        lock (_lock) return _planner.Attempts(service, hsDir);
    }

    public bool IsFrontend(ServiceId id)
    {
        lock (_lock) return _services.ContainsKey(id);
    }

    public bool IsBackend(ServiceId id)
    {
        lock (_lock) return _backends.IsBackend(id);
    }

    public BalancerStatus Status(DateTimeOffset now)
    {
        lock (_lock)
        {
            return new BalancerStatus(TorConnected, _services.Values.Select(s => new ServiceStatus(
                s.Id,
                s.LastIntroPointCount,
                s.LastDescriptorCount,
                s.Ledger.LastSuccess,
                _backends.Of(s.Id).Select(b => new BackendStatus(b.Id, b.Config.DisplayName,
                    b.LastValidAt is { } t ? (now - t).TotalSeconds : null,
                    b.Current?.IntroPoints.Count ?? 0,
                    b.Health?.Healthy ?? true,
                    b.Published,
                    b.Current?.Pow?.SuggestedEffort,
                    b.PowSeedSince is { } since ? (now - since).TotalSeconds : null)).ToList(),
                s.Ledger.StatsByHsDir().Select(kv => new HsDirStatus(kv.Key.ToString(), kv.Value.Uploads, kv.Value.Failures, kv.Value.LastSuccess, kv.Value.Rejections)).ToList(),
                s.Keys.Signer.RunsOutAt
            ) { Pow = Selection.PowPolicy.Of(s.Config) }).ToList());
        }
    }
}
