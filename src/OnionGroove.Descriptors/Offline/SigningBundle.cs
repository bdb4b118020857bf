using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Offline;

/// <summary>
/// Pre-certified descriptor signing keys for a run of consecutive time periods of one onion service, so that
/// a balancer can publish without the identity key (issue #12, docs/offline-keys.md). Holds no identity or
/// blinded secret; the signing keys' seeds are zeroed on dispose. Made by <see cref="SigningBundleIssuer"/>,
/// read (and verified) by <see cref="SigningBundleFormat.Parse"/>.
/// </summary>
public sealed class SigningBundle : IDisposable
{
    internal SigningBundle(IdentityPublicKey identity, DateTimeOffset created, IReadOnlyList<BundlePeriod> periods)
    {
        Identity = identity; Created = created; Periods = periods;
    }

    /// <summary>The frontend's public identity key (its address).</summary>
    public IdentityPublicKey Identity { get; }

    public OnionAddress Address => Identity.Address;

    public DateTimeOffset Created { get; }

    /// <summary>Consecutive periods, in order (never empty).</summary>
    public IReadOnlyList<BundlePeriod> Periods { get; }

    public TimePeriod First => Periods[0].Period;

    public TimePeriod Last => Periods[^1].Period;

    /// <summary>The keys for <paramref name="period"/>, or null when the bundle has none (or the period
    /// uses another length or offset).</summary>
    public BundlePeriod? For(TimePeriod period) =>
        period.LengthMinutes == First.LengthMinutes && period.RotationOffsetMinutes == First.RotationOffsetMinutes
        && period.Number >= First.Number && period.Number <= Last.Number
            ? Periods[(int)(period.Number - First.Number)] : null;

    /// <summary>When up-to-date clients stop finding the site: the end of the last period (clients fetch the
    /// current period's descriptor, rend-spec-v3 §2.2.4.1).</summary>
    public DateTimeOffset CoversUntil => Last.End;

    /// <summary>Until when a service can publish both descriptors it should (§2.2.4.2): from the SRV inside the last
    /// period on, it should already publish the next period's, which the bundle lacks. Refresh before this.</summary>
    public DateTimeOffset FullyCoversUntil => Last.Start.AddMinutes(Last.RotationOffsetMinutes);

    /// <summary>Time left at <paramref name="now"/> until <see cref="CoversUntil"/> (zero once past).</summary>
    public TimeSpan Remaining(DateTimeOffset now) => CoversUntil > now ? CoversUntil - now : TimeSpan.Zero;

    /// <summary>Null while the bundle can still sign for the period holding <paramref name="now"/>, else why not.</summary>
    public string? CheckUsable(DateTimeOffset now)
    {
        if (now >= CoversUntil) return $"the bundle ran out at {CoversUntil:yyyy-MM-dd HH:mm}Z (its last period, {Last.Number}, has ended)";
        var current = TimePeriod.FromTime(now, First.LengthMinutes, First.RotationOffsetMinutes);
        if (current.Number < First.Number) return $"the bundle starts with period {First.Number} ({First.Start:yyyy-MM-dd HH:mm}Z); the current period {current.Number} has no key";
        return null;
    }

    public void Dispose()
    {
        foreach (var p in Periods) p.Dispose();
    }

    public override string ToString() => $"signing bundle for {Address}, periods {First.Number}–{Last.Number}";
}
