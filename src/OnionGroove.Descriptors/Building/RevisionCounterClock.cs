using OnionGroove.Crypto;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Building;

/// <summary>Hands out revision counters for one publisher: <see cref="RevisionCounter.FromTime"/>, but strictly greater
/// than any counter this instance returned before for the same service and time period (i.e. the same blinded key),
/// so two descriptors built within one millisecond, or after the clock stepped back, still replace each other at the
/// HSDirs (rend-spec-v3 §2.4). Thread-safe.</summary>
public sealed class RevisionCounterClock
{
    /// <summary>Above this many remembered (service, period) pairs, periods long gone are forgotten.</summary>
    private const int PruneAbove = 4096;

    private readonly Lock _lock = new();
    private readonly Dictionary<(IdentityPublicKey Service, TimePeriod Period), RevisionCounter> _last = [];

    public RevisionCounter Next(IdentityPublicKey service, TimePeriod period, DateTimeOffset now)
    {
        var fromTime = RevisionCounter.FromTime(period, now);
        lock (_lock)
        {
            var key = (service, period);
            var value = _last.TryGetValue(key, out var previous) && previous >= fromTime ? previous.Next() : fromTime;
            _last[key] = value;
            // Forget periods long gone so 100+ services don't accumulate entries forever.
            if (_last.Count > PruneAbove)
                foreach (var stale in _last.Keys.Where(k => k.Period.Number < period.Number - 2).ToList()) _last.Remove(stale);
            return value;
        }
    }
}
