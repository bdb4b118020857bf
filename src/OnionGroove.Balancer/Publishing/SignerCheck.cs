using OnionGroove.Balancer.Tor;

namespace OnionGroove.Balancer.Publishing;

/// <summary>Says what a service's signer cannot do, loudly and once (see <see cref="SignerAlerts"/>): a
/// descriptor slot whose period the signing bundle has no key for (that slot is not published; nothing
/// else signs in its place), and a bundle running out within the configured days.</summary>
internal static class SignerCheck
{
    public static void Report(ServiceState s, IReadOnlyList<DescriptorSlot> slots, DateTimeOffset now, Action<string> log)
    {
        var signer = s.Keys.Signer;
        foreach (var slot in slots)
            if (!signer.CanSign(slot.Period) && s.Alerts.FirstMissing(slot.Period))
                log($"ERROR service {signer.Address}: the signing bundle has no key for time period {slot.Period.Number} " +
                    $"({slot.Period.Start:yyyy-MM-dd HH:mm}Z to {slot.Period.End:yyyy-MM-dd HH:mm}Z): that descriptor is NOT published " +
                    "(the other period's still is); refresh the bundle with `oniongroove site certify`");

        if (signer.RunsOutAt is not { } end) return;
        var left = end - now;
        if (left > TimeSpan.FromDays(s.Config.BundleWarnDays)) return;
        var days = left <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(left.TotalDays);
        if (!s.Alerts.NewDaysLeft(days)) return;
        log(days == 0
            ? $"ERROR service {signer.Address}: the signing bundle ran out at {end:yyyy-MM-dd HH:mm}Z; nothing is published any more: refresh it with `oniongroove site certify`"
            : $"WARNING service {signer.Address}: the signing bundle runs out at {end:yyyy-MM-dd HH:mm}Z, in {days} day(s): refresh it with `oniongroove site certify`");
    }
}
