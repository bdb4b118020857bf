namespace OnionGroove.Crypto;

/// <summary>A hidden-service time period (rend-spec-v3 §2.2.1 [TIME-PERIODS]): periods of
/// <see cref="LengthMinutes"/> minutes counted from the Unix epoch, shifted by
/// <see cref="RotationOffsetMinutes"/> (12 voting intervals) so they change at 12:00 UTC on the
/// live network.</summary>
public readonly record struct TimePeriod(long Number, int LengthMinutes = TimePeriod.DefaultLengthMinutes,
    int RotationOffsetMinutes = TimePeriod.DefaultRotationOffsetMinutes)
{
    public const int DefaultLengthMinutes = 1440;
    public const int DefaultRotationOffsetMinutes = 720;

    /// <summary>The period that contains <paramref name="time"/>.</summary>
    public static TimePeriod FromTime(DateTimeOffset time, int lengthMinutes = DefaultLengthMinutes,
        int offsetMinutes = DefaultRotationOffsetMinutes)
    {
        if (lengthMinutes <= 0) throw new ArgumentOutOfRangeException(nameof(lengthMinutes), "period length must be positive");
        // Integer floor division (times before the epoch round down too, as the formula says).
        var minutes = Math.DivRem(time.ToUnixTimeSeconds(), 60L, out var rem) - (rem < 0 ? 1 : 0);
        var shifted = minutes - offsetMinutes;
        var number = Math.DivRem(shifted, (long)lengthMinutes, out var rem2) - (rem2 < 0 ? 1 : 0);
        return new TimePeriod(number, lengthMinutes, offsetMinutes);
    }

    /// <summary>When this period begins: (number·length + offset) minutes after the epoch.</summary>
    public DateTimeOffset Start => DateTimeOffset.UnixEpoch.AddMinutes(Number * LengthMinutes + RotationOffsetMinutes);

    /// <summary>When this period ends (= the next one's start; exclusive).</summary>
    public DateTimeOffset End => Start.AddMinutes(LengthMinutes);

    public TimePeriod Next => this with { Number = Number + 1 };
    public TimePeriod Previous => this with { Number = Number - 1 };

    public bool Contains(DateTimeOffset time) => time >= Start && time < End;

    public override string ToString() => $"time period {Number} (length {LengthMinutes} min, {Start:yyyy-MM-dd HH:mm}Z)";
}
