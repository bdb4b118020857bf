using System.Globalization;
using OnionGroove.Crypto;

namespace OnionGroove.Descriptors.OuterLayer;

/// <summary>A descriptor's `revision-counter` (rend-spec-v3 §2.4): an HSDir that already holds a descriptor for
/// a blinded key keeps the one with the higher counter, so counters must increase over the lifetime of each blinded
/// key (Appendix F). The rule here is F.2's: T is the time elapsed since the descriptor became usable, at least 1.
/// A blinded key is used from the start of the period before its own (as the "next" descriptor, §2.2.4.2) until its
/// period ends, so we count milliseconds from the start of that previous period. Every publisher whose clock moves
/// forward then produces increasing counters — also across restarts and between balancer hosts with synchronised
/// clocks — without storing or sharing state. F.2 would additionally hide T behind an order-preserving encryption
/// (tor itself encrypts seconds since the SRV run); we publish T itself, in milliseconds, as this project always has
/// (F.X notes that a plain time reveals the publisher's clock).</summary>
public readonly record struct RevisionCounter(ulong Value) : IComparable<RevisionCounter>
{
    /// <summary>The counter at <paramref name="now"/> for a descriptor of <paramref name="period"/>: milliseconds since the
    /// start of the previous period, at least 1 (F.2: "T must be at least 1").</summary>
    public static RevisionCounter FromTime(TimePeriod period, DateTimeOffset now)
    {
        var ms = (now - period.Previous.Start).TotalMilliseconds;
        return new RevisionCounter(ms <= 0 ? 1UL : (ulong)ms);
    }

    /// <summary>The smallest counter greater than this one (a method, so serialisers that walk properties stop at <see cref="Value"/>).</summary>
    public RevisionCounter Next() => new(checked(Value + 1));

    public int CompareTo(RevisionCounter other) => Value.CompareTo(other.Value);

    public static bool operator <(RevisionCounter a, RevisionCounter b) => a.Value < b.Value;
    public static bool operator >(RevisionCounter a, RevisionCounter b) => a.Value > b.Value;
    public static bool operator <=(RevisionCounter a, RevisionCounter b) => a.Value <= b.Value;
    public static bool operator >=(RevisionCounter a, RevisionCounter b) => a.Value >= b.Value;

    /// <summary>The decimal form the descriptor carries.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
