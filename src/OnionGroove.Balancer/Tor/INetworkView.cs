using OnionGroove.Balancer.Selection;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer.Tor;

/// <summary>What the balancer needs to know about the Tor network, computed from the consensus
/// (rend-spec §2.2): the time-period length, and for a service's two descriptors ("first" and
/// "second", i.e. current and next) the time period and the responsible HSDirs.</summary>
public interface INetworkView
{
    /// <summary>valid-after of the consensus this view was computed from.</summary>
    DateTimeOffset ValidAfter { get; }

    /// <summary>The descriptors a service must have uploaded right now, in order (first, second).</summary>
    IReadOnlyList<DescriptorSlot> SlotsFor(IdentityPublicKey identity);

    /// <summary>The time periods whose descriptors a backend may currently have published
    /// (previous, current, next), to match a fetched descriptor against.</summary>
    IReadOnlyList<TimePeriod> CandidatePeriods { get; }
}

/// <summary>One descriptor to keep uploaded: its time period and where it must be stored.</summary>
public sealed record DescriptorSlot(TimePeriod Period, IReadOnlyList<HsDirTarget> HsDirs)
{
    /// <summary>The HSDirs as a set: when it changes, the descriptors go to the new ones.</summary>
    public ValueSet<HsDirId> HsDirSet { get; } = new(HsDirs.Select(h => h.Fingerprint));
}
