using System.Globalization;

namespace OnionGroove.Crypto.Tests;

/// <summary>rend-spec-v3 §2.2.1 time periods (tests/vectors/tor/time_periods_and_indexes.json).</summary>
public class TimePeriodTests
{
    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void Examples()
    {
        var examples = TorVectors.Load("time_periods_and_indexes.json").GetProperty("time_period_examples");
        Assert.True(examples.GetArrayLength() >= 7);
        foreach (var e in examples.EnumerateArray())
        {
            var time = DateTimeOffset.FromUnixTimeSeconds(e.GetProperty("unix").GetInt64());
            Assert.Equal(Utc(e.Str("utc")), time);
            var period = TimePeriod.FromTime(time, e.GetProperty("time_period_length_minutes").GetInt32(), e.GetProperty("rotation_offset_minutes").GetInt32());
            Assert.Equal(e.GetProperty("time_period_num").GetInt64(), period.Number);
            Assert.Equal(Utc(e.Str("time_period_start_utc")), period.Start);
            Assert.Equal(Utc(e.Str("next_time_period_start_utc")), period.End);
            Assert.Equal(period.End, period.Next.Start);
            Assert.Equal(period.Start, period.Previous.End);
            Assert.True(period.Contains(time));
            Assert.False(period.Next.Contains(time));
        }
    }

    [Fact]
    public void NextPeriodStarts()
    {
        var next = TorVectors.Load("time_periods_and_indexes.json").GetProperty("next_time_period_start");
        foreach (var c in next.GetProperty("live_network").EnumerateArray())
            Assert.Equal(Utc(c.Str("next_time_period_start_utc")), TimePeriod.FromTime(Utc(c.Str("utc"))).End);
        // A testing network with 10 s voting: 24 intervals = 4 min periods, 12 intervals = 2 min offset.
        foreach (var c in next.GetProperty("testing_network_voting_interval_10s").GetProperty("cases").EnumerateArray())
            Assert.Equal(Utc(c.Str("next_time_period_start_utc")), TimePeriod.FromTime(Utc(c.Str("utc")), lengthMinutes: 4, offsetMinutes: 2).End);
    }

    [Fact]
    public void BoundariesAndDefaults()
    {
        var start = Utc("2016-04-13T12:00:00Z");
        Assert.Equal(16904, TimePeriod.FromTime(start).Number);
        Assert.Equal(16903, TimePeriod.FromTime(start.AddTicks(-1)).Number);
        var p = new TimePeriod(16904);
        Assert.Equal(1440, p.LengthMinutes);
        Assert.Equal(720, p.RotationOffsetMinutes);
        Assert.Equal(start, p.Start);
        Assert.Throws<ArgumentOutOfRangeException>(() => TimePeriod.FromTime(start, 0));
        // Floor, not truncation, around and before the epoch.
        Assert.Equal(-1, TimePeriod.FromTime(DateTimeOffset.UnixEpoch).Number);
        Assert.Equal(0, TimePeriod.FromTime(DateTimeOffset.UnixEpoch.AddMinutes(720)).Number);
        Assert.Equal(-1, TimePeriod.FromTime(DateTimeOffset.UnixEpoch.AddMinutes(720).AddSeconds(-1)).Number);
    }
}
