using OnionGroove.Balancer.Backends;
using OnionGroove.Balancer.Config;
using OnionGroove.Crypto;

namespace OnionGroove.Balancer.Publishing;

/// <summary>What the balancer knows about one frontend service: its configuration and keys, and
/// what the publish planner needs to decide what to upload (its backends are the tracker's).</summary>
internal sealed class ServiceState(ServiceId id, ServiceConfig config, ServiceKeys keys, UploadLedger ledger)
{
    public ServiceId Id { get; } = id;
    public ServiceConfig Config { get; set; } = config;
    /// <summary>Replacing the keys (a reload, a refreshed bundle) forgets what was said about the old ones.</summary>
    public ServiceKeys Keys
    {
        get => _keys;
        set { _keys = value; Alerts = new(); }
    }
    private ServiceKeys _keys = keys;

    /// <summary>Bundle warnings already logged for the current keys.</summary>
    public SignerAlerts Alerts { get; private set; } = new();
    public UploadLedger Ledger { get; } = ledger;

    /// <summary>Per time period: what was last uploaded, to decide whether to upload again.</summary>
    public Dictionary<TimePeriod, PublishedSlot> Published { get; } = [];

    public int Rotation { get; set; }
    public int LastIntroPointCount { get; set; }
    public int LastDescriptorCount { get; set; }
    /// <summary>Live backends and their intro points when last planned (null: never planned).</summary>
    public ValueSet<LiveBackend>? LastLive { get; set; }
    /// <summary>The live backends' PoW state when last planned (<see cref="Selection.PowPlan.Key"/>).</summary>
    public string LastPowKey { get; set; } = "";
    public DateTimeOffset LastPlanned { get; set; } = DateTimeOffset.MinValue;
    /// <summary>Descriptor slots computed for <see cref="SlotsView"/> (kept until the view changes).</summary>
    public IReadOnlyList<Tor.DescriptorSlot>? Slots { get; set; }
    public Tor.INetworkView? SlotsView { get; set; }
    /// <summary>Set by config reloads and tor reconnections: upload everything again.</summary>
    public bool ForceRepublish { get; set; } = true;
}
