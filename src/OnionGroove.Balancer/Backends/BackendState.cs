using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Health;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer.Backends;

/// <summary>What the balancer knows about one backend of one frontend (a backend listed by several
/// frontends has one of these per frontend: each has its own health checks and client key).</summary>
internal sealed class BackendState(InstanceConfig config, ServiceId id)
{
    public InstanceConfig Config { get; set; } = config;
    public ServiceId Id { get; } = id;
    public OnionAddress Address => Id.Address;
    /// <summary>The frontend's client key for this backend's descriptor, if it is client-auth protected.</summary>
    public ClientAuthSecretKey? ClientKey { get; set; }

    /// <summary>Newest valid descriptor per time period (a backend publishes two).</summary>
    public Dictionary<TimePeriod, BackendDescriptor> Descriptors { get; } = [];
    public DateTimeOffset? LastValidAt { get; set; }
    public DateTimeOffset? LastFetchRequested { get; set; }
    public string? LastError { get; set; }
    public HealthTracker? Health { get; set; }
    public bool Published { get; set; }
    public bool ProbeNow { get; set; }

    /// <summary>Live when a valid descriptor arrived recently and health checks (if any) pass.</summary>
    public bool IsLive(DateTimeOffset now, TimeSpan staleAfter) =>
        LastValidAt is { } t && now - t <= staleAfter && Health?.Healthy != false && Descriptors.Count > 0;

    /// <summary>The intro points to advertise: those of the newest descriptor (highest period, then
    /// revision). Backends rotate intro points with each period; the newest set is the one whose
    /// circuits stay open longest.</summary>
    public BackendDescriptor? Current =>
        Descriptors.Values.OrderByDescending(d => d.Period.Number).ThenByDescending(d => d.RevisionCounter).FirstOrDefault();

    /// <summary>The intro points of <see cref="Current"/> (empty when there is none). Asked for every
    /// service on every tick, so kept until the current descriptor changes.</summary>
    public ValueSet<IntroPointId> CurrentIntroPoints
    {
        get
        {
            if (Current is not { } current) return ValueSet<IntroPointId>.Empty;
            if (!ReferenceEquals(_introPointsOf, current)) (_introPointsOf, _introPoints) = (current, IntroPointId.SetOf(current.IntroPoints));
            return _introPoints!;
        }
    }

    /// <summary>When the balancer first saw the PoW seed <see cref="Current"/> advertises (null: none).
    /// tor rotates it every 105–120 minutes (hs_service.c, HS_SERVICE_POW_SEED_ROTATE_TIME_MIN/MAX).</summary>
    public DateTimeOffset? PowSeedSince { get; private set; }
    private byte[]? _powSeed;

    public void NotePowSeed(DateTimeOffset now)
    {
        var seed = Current?.Pow?.Seed;
        if (seed is null) { (_powSeed, PowSeedSince) = (null, null); return; }
        if (_powSeed is not null && _powSeed.AsSpan().SequenceEqual(seed)) return;
        (_powSeed, PowSeedSince) = (seed, now);
    }

    private BackendDescriptor? _introPointsOf;
    private ValueSet<IntroPointId>? _introPoints;
}
