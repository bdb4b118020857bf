using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Health;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;

namespace OnionGroove.Balancer.Daemon;

/// <summary>What the balancer knows about one backend.</summary>
internal sealed class BackendState(InstanceConfig config, OnionAddress address)
{
    public InstanceConfig Config { get; set; } = config;
    public OnionAddress Address { get; } = address;
    public string ServiceId { get; } = address.ServiceId;

    /// <summary>Newest valid descriptor per time period (a backend publishes two).</summary>
    public Dictionary<long, BackendDescriptor> Descriptors { get; } = [];
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
}
