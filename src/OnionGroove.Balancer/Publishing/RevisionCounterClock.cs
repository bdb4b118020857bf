namespace OnionGroove.Balancer.Publishing;

/// <summary>Revision counters derived from time, so two balancer hosts holding the same frontend
/// key (and one host across restarts) always produce increasing counters without coordinating.
/// HSDirs keep a descriptor only if its counter is higher than the one stored (rend-spec §2.4,
/// "revision-counter"); a per-host persistent counter would let one host's uploads be refused
/// forever. Like tor's OPE counters (which encrypt seconds since the SRV run began), ours count
/// milliseconds since the start of the period <em>before</em> the descriptor's time period, which
/// is positive for both the current and the next descriptor.</summary>
public sealed class RevisionCounterClock
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Service, long Period), ulong> _last = [];

    /// <summary>The counter for a descriptor of <paramref name="service"/> for the time period that
    /// starts at <paramref name="periodStart"/> and lasts <paramref name="periodLength"/>; strictly
    /// greater than any counter this instance returned before for the same service and period.</summary>
    public ulong Next(string service, long periodNumber, DateTimeOffset periodStart, TimeSpan periodLength, DateTimeOffset now)
    {
        var origin = periodStart - periodLength;
        var ms = (now - origin).TotalMilliseconds;
        var fromTime = ms <= 0 ? 1UL : (ulong)ms;
        lock (_lock)
        {
            var key = (service, periodNumber);
            var value = _last.TryGetValue(key, out var prev) && prev >= fromTime ? prev + 1 : fromTime;
            _last[key] = value;
            // Forget periods long gone so 100+ services don't accumulate entries forever.
            if (_last.Count > 4096)
                foreach (var stale in _last.Keys.Where(k => k.Period < periodNumber - 2).ToList()) _last.Remove(stale);
            return value;
        }
    }
}
