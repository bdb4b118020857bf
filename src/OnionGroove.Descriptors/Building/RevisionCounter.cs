using OnionGroove.Crypto;

namespace OnionGroove.Descriptors.Building;

/// <summary>Revision counters derived from time. HSDirs refuse a descriptor whose counter is not greater than
/// the one they hold for the same blinded key (rend-spec-v3 §2.4), and a blinded key is used from the start of
/// the period before its own (as the "next" descriptor) until its period ends. Counting milliseconds since the
/// start of that previous period is therefore monotonic for every
/// publisher whose clock moves forward — also across restarts and between several balancer instances with
/// synchronised clocks — without storing state. Tor itself encrypts seconds since the SRV start with an OPE
/// cipher for the same reason; the exact value is opaque to HSDirs and clients.</summary>
public static class RevisionCounter
{
    public static ulong FromTime(TimePeriod period, DateTimeOffset now)
    {
        var ms = (now - period.Previous.Start).TotalMilliseconds;
        return ms <= 0 ? 0UL : (ulong)ms;
    }
}
