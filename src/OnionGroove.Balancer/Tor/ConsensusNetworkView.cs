using OnionGroove.Balancer.Selection;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Consensus;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer.Tor;

/// <summary>The network as one consensus describes it: the two (time period, SRV) pairs services
/// upload for, their hash rings, and the store/fetch spreads (rend-spec §2.2.2–2.2.3).</summary>
public sealed class ConsensusNetworkView : INetworkView
{
    private readonly (TimePeriod Period, HsDirRing Ring)[] _slots;
    private readonly HsDirParams _params;

    public ConsensusNetworkView(MicrodescConsensus consensus, IReadOnlyList<HsDirNode> nodes, bool testingNetwork)
    {
        var schedule = TimePeriodSchedule.FromConsensus(consensus, testingNetwork);
        _params = HsDirParams.From(consensus);
        ValidAfter = consensus.ValidAfter;
        HsDirCount = nodes.Count;
        _slots = [.. new[] { true, false }.Select(first =>
        {
            var (period, srv) = schedule.ForDescriptor(consensus, first);
            return (period, new HsDirRing(nodes, srv, period));
        })];
        var current = schedule.PeriodAt(consensus.ValidAfter);
        CandidatePeriods = [current.Previous, current, current.Next];
    }

    public DateTimeOffset ValidAfter { get; }
    public int HsDirCount { get; }
    public IReadOnlyList<TimePeriod> CandidatePeriods { get; }

    public IReadOnlyList<DescriptorSlot> SlotsFor(IdentityPublicKey identity)
    {
        var slots = new List<DescriptorSlot>(2);
        foreach (var (period, ring) in _slots)
        {
            var blinded = identity.Blind(period);
            var store = ring.Responsible(blinded, _params);
            var fetch = ring.Responsible(blinded, _params, forFetch: true).Select(HsDirId.Of).ToHashSet();
            slots.Add(new DescriptorSlot(period,
                store.Select((n, i) => new HsDirTarget(HsDirId.Of(n), 0, i, fetch.Contains(HsDirId.Of(n)))).ToList()));
        }
        return slots;
    }
}
