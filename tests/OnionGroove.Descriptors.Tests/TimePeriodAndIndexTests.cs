using System.Text.Json;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Descriptors.Tests;

/// <summary>time_periods_and_indexes.json: periods, next-period starts, between-TP-and-SRV, hs_index, hsdir_index, disaster SRV.</summary>
public class TimePeriodAndIndexTests
{
    private static readonly JsonElement V = Vectors.Json("time_periods_and_indexes.json");
    private static DateTimeOffset T(string s) => DateTimeOffset.Parse(s, null, System.Globalization.DateTimeStyles.AssumeUniversal);

    public static TheoryData<int> Examples() { var d = new TheoryData<int>(); for (int i = 0; i < V.GetProperty("time_period_examples").GetArrayLength(); i++) d.Add(i); return d; }

    [Theory, MemberData(nameof(Examples))]
    public void Time_period_examples(int i)
    {
        var e = V.GetProperty("time_period_examples")[i];
        var schedule = new TimePeriodSchedule(TimeSpan.FromHours(1), e.GetProperty("time_period_length_minutes").GetInt32(), testingNetwork: false);
        Assert.Equal(e.GetProperty("rotation_offset_minutes").GetInt32(), schedule.RotationOffsetMinutes);
        var at = DateTimeOffset.FromUnixTimeSeconds(e.GetProperty("unix").GetInt64());
        var tp = schedule.PeriodAt(at);
        Assert.Equal(e.GetProperty("time_period_num").GetInt64(), tp.Number);
        Assert.Equal(T(e.Str("time_period_start_utc")), tp.Start);
        Assert.Equal(T(e.Str("next_time_period_start_utc")), schedule.NextPeriodStart(at));
    }

    [Fact]
    public void Next_period_start_live_and_testing_network()
    {
        var n = V.GetProperty("next_time_period_start");
        var live = new TimePeriodSchedule(TimeSpan.FromHours(1), 1440, false);
        foreach (var c in n.GetProperty("live_network").EnumerateArray())
            Assert.Equal(T(c.Str("next_time_period_start_utc")), live.NextPeriodStart(T(c.Str("utc"))));
        var testing = new TimePeriodSchedule(TimeSpan.FromSeconds(10), 1440, testingNetwork: true);
        Assert.Equal(4, testing.LengthMinutes);
        Assert.Equal(2, testing.RotationOffsetMinutes);
        foreach (var c in n.GetProperty("testing_network_voting_interval_10s").GetProperty("cases").EnumerateArray())
            Assert.Equal(T(c.Str("next_time_period_start_utc")), testing.NextPeriodStart(T(c.Str("utc"))));
    }

    [Fact]
    public void In_period_between_tp_and_srv()
    {
        var cases = V.GetProperty("in_period_between_tp_and_srv").GetProperty("cases");
        Assert.True(cases.GetArrayLength() >= 5);
        foreach (var c in cases.EnumerateArray())
        {
            var va = T(c.Str("valid_after"));
            var schedule = new TimePeriodSchedule(T(c.Str("fresh_until")) - va, 1440, false);
            Assert.Equal(c.GetProperty("expect").GetBoolean(), schedule.InPeriodBetweenTpAndSrv(va));
        }
    }

    [Fact]
    public void Hs_index_and_hsdir_index()
    {
        var h = V.GetProperty("hs_index");
        Assert.Equal(h.Hex("hs_index"), HsDirIndexes.HsIndex(h.Hex("blinded_public_key"), h.GetProperty("replica").GetInt32(),
            new TimePeriod(h.GetProperty("period_num").GetInt64(), h.GetProperty("period_length_minutes").GetInt32())));
        var d = V.GetProperty("hsdir_index");
        Assert.Equal(d.Hex("hsdir_index"), HsDirIndexes.HsDirIndex(d.Hex("node_identity"), d.Srv("srv"),
            new TimePeriod(d.GetProperty("period_num").GetInt64(), d.GetProperty("period_length_minutes").GetInt32())));
    }

    [Fact]
    public void Disaster_srv()
    {
        var all = V.GetProperty("disaster_srv").GetProperty("by_time_period");
        int n = 0;
        foreach (var p in all.EnumerateObject())
        {
            Assert.Equal(Convert.FromHexString(p.Value.GetString()!), SharedRandom.Disaster(new TimePeriod(long.Parse(p.Name), 1440)).AsSpan().ToArray());
            n++;
        }
        Assert.Equal(5, n);
    }
}
