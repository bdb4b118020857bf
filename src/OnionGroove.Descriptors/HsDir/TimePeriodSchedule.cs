using OnionGroove.Crypto;
using OnionGroove.Descriptors.Consensus;

namespace OnionGroove.Descriptors.HsDir;

/// <summary>Time periods and SRV runs as tor derives them from a consensus (rend-spec-v3 §2.2.1–2.2.4, srv-spec §2.1):
/// a shared-random protocol run is 24 voting intervals; the time-period rotation offset is 12 voting intervals (one
/// SRV phase); the period length is the `hsdir_interval` param (default 1440 min), except on testing networks
/// (TestingTorNetwork), where tor uses the length of a protocol run.</summary>
public sealed class TimePeriodSchedule
{
    private const int RoundsPerRun = 24, RoundsPerPhase = 12;

    public TimePeriodSchedule(TimeSpan votingInterval, int lengthMinutes, bool testingNetwork)
    {
        if (votingInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(votingInterval));
        VotingInterval = votingInterval;
        var runSeconds = (long)votingInterval.TotalSeconds * RoundsPerRun;
        LengthMinutes = testingNetwork ? (int)(runSeconds / 60) : lengthMinutes;
        RotationOffsetMinutes = (int)((long)votingInterval.TotalSeconds * RoundsPerPhase / 60);
    }

    /// <summary>The schedule of a consensus; pass whether our tor runs with TestingTorNetwork (GETCONF), as the consensus does not say.</summary>
    public static TimePeriodSchedule FromConsensus(MicrodescConsensus c, bool testingNetwork) =>
        new(c.VotingInterval, c.Param("hsdir_interval", TimePeriod.DefaultLengthMinutes, 30, 14 * 24 * 60), testingNetwork);

    public TimeSpan VotingInterval { get; }
    public int LengthMinutes { get; }
    public int RotationOffsetMinutes { get; }

    public TimePeriod PeriodAt(DateTimeOffset time) => TimePeriod.FromTime(time, LengthMinutes, RotationOffsetMinutes);

    /// <summary>Start of the next time period after <paramref name="time"/> (tor's hs_get_start_time_of_next_time_period).</summary>
    public DateTimeOffset NextPeriodStart(DateTimeOffset time) => PeriodAt(time).Next.Start;

    /// <summary>Start of the SRV protocol run containing <paramref name="validAfter"/> (runs are aligned to the epoch in voting intervals).</summary>
    public DateTimeOffset SrvRunStart(DateTimeOffset validAfter)
    {
        long interval = (long)VotingInterval.TotalSeconds;
        long t = validAfter.ToUnixTimeSeconds();
        long round = t / interval % RoundsPerRun;
        return DateTimeOffset.FromUnixTimeSeconds(t - round * interval);
    }

    /// <summary>tor's hs_in_period_between_tp_and_srv: false between a new SRV and the next time period start
    /// (00:00–12:00 UTC on the live network), true between a new time period and the next SRV.</summary>
    public bool InPeriodBetweenTpAndSrv(DateTimeOffset validAfter)
    {
        var srvStart = SrvRunStart(validAfter);
        var tpStart = NextPeriodStart(srvStart);
        return !(validAfter >= srvStart && validAfter < tpStart);
    }

    /// <summary>Which time period and SRV a service uses for its first (older) and second (newer) descriptor
    /// (tor's node_set_hsdir_index store_first/store_second; Onionbalance's get_srv_and_time_period).</summary>
    public (TimePeriod Period, SharedRandomValue Srv) ForDescriptor(MicrodescConsensus consensus, bool first)
    {
        var current = PeriodAt(consensus.ValidAfter);
        if (InPeriodBetweenTpAndSrv(consensus.ValidAfter))
            return first ? (current.Previous, SharedRandom.Previous(consensus, current.Previous)) : (current, SharedRandom.Current(consensus, current));
        return first ? (current, SharedRandom.Previous(consensus, current)) : (current.Next, SharedRandom.Current(consensus, current.Next));
    }

    /// <summary>What a client uses to fetch (tor's fetch index): the current period, with the current SRV between
    /// TP and SRV, else the previous SRV.</summary>
    public (TimePeriod Period, SharedRandomValue Srv) ForFetch(MicrodescConsensus consensus)
    {
        var current = PeriodAt(consensus.ValidAfter);
        return (current, InPeriodBetweenTpAndSrv(consensus.ValidAfter) ? SharedRandom.Current(consensus, current) : SharedRandom.Previous(consensus, current));
    }
}
