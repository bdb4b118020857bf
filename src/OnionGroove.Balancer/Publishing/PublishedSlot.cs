using OnionGroove.Balancer.Backends;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Publishing;

/// <summary>One uploaded descriptor set: which intro points each descriptor listed, to which HSDirs,
/// and when.</summary>
/// <param name="Groups">The intro points of each descriptor of the set, in plan order.</param>
/// <param name="RefreshAfter">When this slot is refreshed if nothing changes: the republish interval
/// less up to a fifth, drawn per upload. Two hosts serving one key that start together would
/// otherwise refresh in lockstep, and the one whose clock runs ahead would win every HSDir every
/// time (tor spreads its own re-uploads over 60–120 minutes for similar reasons).</param>
internal sealed record PublishedSlot(IReadOnlyList<ValueSet<IntroPointId>> Groups, ValueSet<HsDirId> HsDirs, DateTimeOffset At,
    IReadOnlyDictionary<HsDirId, string> DescriptorOfHsDir, TimeSpan RefreshAfter)
{
    /// <summary>True when <paramref name="groups"/> lists the same intro points per descriptor.</summary>
    public bool SameGroups(IReadOnlyList<ValueSet<IntroPointId>> groups) => Groups.SequenceEqual(groups);

    /// <summary>The backends' PoW state this set was built from (see <see cref="Selection.PowPlan.Key"/>).</summary>
    public string PowKey { get; init; } = "";
}
