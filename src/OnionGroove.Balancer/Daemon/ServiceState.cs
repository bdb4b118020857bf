using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Publishing;

namespace OnionGroove.Balancer.Daemon;

/// <summary>What the balancer knows about one frontend service.</summary>
internal sealed class ServiceState(ServiceConfig config, ServiceKeys keys, UploadLedger ledger)
{
    public ServiceConfig Config { get; set; } = config;
    public ServiceKeys Keys { get; set; } = keys;
    public string ServiceId => Keys.ServiceId;
    public Dictionary<string, BackendState> Backends { get; } = [];
    public UploadLedger Ledger { get; } = ledger;

    /// <summary>Per time period: what was last uploaded, to decide whether to upload again.</summary>
    public Dictionary<long, PublishedSlot> Published { get; } = [];

    public int Rotation { get; set; }
    public int LastIntroPointCount { get; set; }
    public int LastDescriptorCount { get; set; }
    /// <summary>Live backends and their intro points when last planned (null: never planned).</summary>
    public string? LastLiveKey { get; set; }
    public DateTimeOffset LastPlanned { get; set; } = DateTimeOffset.MinValue;
    /// <summary>Descriptor slots computed for <see cref="SlotsView"/> (kept until the view changes).</summary>
    public IReadOnlyList<Tor.DescriptorSlot>? Slots { get; set; }
    public Tor.INetworkView? SlotsView { get; set; }
    /// <summary>Set by config reloads and tor reconnections: upload everything again.</summary>
    public bool ForceRepublish { get; set; } = true;
}

/// <summary>One uploaded descriptor set: which intro points (by auth key) and HSDirs, and when.</summary>
/// <param name="RefreshAfter">When this slot is refreshed if nothing changes: the republish interval
/// less up to a fifth, drawn per upload. Two hosts serving one key that start together would
/// otherwise refresh in lockstep, and the one whose clock runs ahead would win every HSDir every
/// time (tor spreads its own re-uploads over 60–120 minutes for similar reasons).</param>
internal sealed record PublishedSlot(string IntroKey, string HsDirKey, DateTimeOffset At, IReadOnlyDictionary<string, string> DescriptorOfHsDir, TimeSpan RefreshAfter);
