using OnionGroove.Descriptors.Offline;

namespace OnionGroove.Cli.Commands.Bundle;

/// <summary>What `bundle inspect` and `site certify` show of a signing bundle: public facts and times only,
/// never a seed (the certificates are public too, but are left out as noise).</summary>
internal static class BundleReport
{
    public static object ToJson(SigningBundle b, DateTimeOffset now, string? file) => new
    {
        file,
        address = b.Address.ToString(),
        created = b.Created,
        period_length_minutes = b.First.LengthMinutes,
        rotation_offset_minutes = b.First.RotationOffsetMinutes,
        first_period = b.First.Number,
        last_period = b.Last.Number,
        periods_count = b.Periods.Count,
        covers_until = b.CoversUntil,
        fully_covers_until = b.FullyCoversUntil,
        remaining_days = Days(b.Remaining(now)),
        problem = b.CheckUsable(now),
        periods = b.Periods.Select(p => new
        {
            number = p.Period.Number,
            start = p.Period.Start,
            end = p.Period.End,
            valid_from = p.ValidFrom,
            cert_expires = p.Expires,
            remaining_days = Days(p.Expires > now ? p.Expires - now : TimeSpan.Zero),
            signing_key = Convert.ToBase64String(p.SigningPublicKey.AsSpan()),
        }).ToList(),
    };

    public static void Print(TextWriter o, SigningBundle b, DateTimeOffset now, string? file)
    {
        if (file is not null) o.WriteLine($"file:        {file}");
        o.WriteLine($"address:     {b.Address}");
        o.WriteLine($"periods:     {b.First.Number}–{b.Last.Number} ({b.Periods.Count} × {b.First.LengthMinutes} min, rotation offset {b.First.RotationOffsetMinutes} min)");
        o.WriteLine($"created:     {b.Created:yyyy-MM-dd HH:mm:ss}Z");
        o.WriteLine($"covers until {b.CoversUntil:yyyy-MM-dd HH:mm}Z: {Days(b.Remaining(now)):0.##} days left (refresh before {b.FullyCoversUntil:yyyy-MM-dd HH:mm}Z, when the next period's descriptor is due)");
        if (b.CheckUsable(now) is { } problem) o.WriteLine($"WARNING:     {problem}");
        o.WriteLine("  period   publish from        period start        period end          cert expires        days left");
        foreach (var p in b.Periods)
        {
            var left = p.Expires > now ? Days(p.Expires - now) : 0;
            o.WriteLine($"  {p.Period.Number,-8} {p.ValidFrom:yyyy-MM-dd HH:mm}Z  {p.Period.Start:yyyy-MM-dd HH:mm}Z  {p.Period.End:yyyy-MM-dd HH:mm}Z  {p.Expires:yyyy-MM-dd HH:mm}Z  {(left > 0 ? left.ToString("0.##") : "expired")}");
        }
    }

    private static double Days(TimeSpan t) => Math.Round(t.TotalDays, 2);
}
