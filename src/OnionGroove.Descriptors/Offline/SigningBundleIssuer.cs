using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Offline;

/// <summary>Makes a signing bundle from the identity key, on the admin machine: per period a fresh descriptor
/// signing key and its type-08 certificate signed by that period's blinded key (rend-spec-v3 §2.1, cert-spec
/// §A.1), with the expiry of <see cref="CertificateWindow"/>. Each blinded key lives only for its signature.</summary>
public static class SigningBundleIssuer
{
    public static SigningBundle Issue(IdentitySecretKey identity, TimePeriod first, int count, DateTimeOffset now)
    {
        if (count < 1 || count > SigningBundleFormat.MaxPeriods)
            throw new ArgumentOutOfRangeException(nameof(count), $"a bundle holds 1 to {SigningBundleFormat.MaxPeriods} periods");
        var periods = new List<BundlePeriod>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var period = first with { Number = first.Number + i };
                var seed = RandomNumberGenerator.GetBytes(32);
                using var signing = DescriptorSigningKeypair.FromSeed(seed);
                using var blinded = identity.Blind(period);
                var encoded = TorCertBuilder.Build(CertType.HsV3DescSigning, signing.PublicKey.AsSpan(), CertificateWindow.ExpirationHours(period),
                    blinded.PublicKey.AsSpan(), blinded.Sign);
                var cert = TorCert.Parse(encoded, out var error) ?? throw new InvalidOperationException($"built an unreadable certificate: {error}");
                periods.Add(new BundlePeriod(period, seed, signing.PublicKey, cert));
            }
            return new SigningBundle(identity.PublicKey, DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), periods);
        }
        catch
        {
            foreach (var p in periods) p.Dispose();
            throw;
        }
    }

    /// <summary>The periods a service publishes descriptors for at some moment of [now, now + span] (rend-spec-v3
    /// §2.2.4.2): between a new period and the next SRV (the first <c>offset</c> minutes of a period) it publishes the
    /// previous and current periods, otherwise the current and next. So the range starts one period early when
    /// <paramref name="now"/> is in that first phase, and ends one period late when now + span is past it.</summary>
    public static (TimePeriod First, int Count) Span(DateTimeOffset now, TimeSpan span, int lengthMinutes, int offsetMinutes)
    {
        var current = TimePeriod.FromTime(now, lengthMinutes, offsetMinutes);
        var first = now < current.Start.AddMinutes(offsetMinutes) ? current.Previous : current;
        var end = now + span;
        var atEnd = TimePeriod.FromTime(end, lengthMinutes, offsetMinutes);
        var last = end < atEnd.Start.AddMinutes(offsetMinutes) ? atEnd : atEnd.Next;
        return (first, (int)Math.Min(last.Number - first.Number + 1, int.MaxValue));
    }
}
