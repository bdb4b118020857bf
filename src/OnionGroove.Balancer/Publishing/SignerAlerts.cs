using OnionGroove.Crypto;

namespace OnionGroove.Balancer.Publishing;

/// <summary>What was already said about a service's signer, so that the log says it loudly once per
/// fact rather than on every tick: each time period the signing bundle lacks, and each day-count left
/// before the bundle runs out. Replaced (all forgotten) when the service's keys are.</summary>
internal sealed class SignerAlerts
{
    private readonly HashSet<long> _missingPeriods = [];
    private int? _daysLeftSaid;

    /// <summary>True the first time <paramref name="period"/> is reported missing.</summary>
    public bool FirstMissing(TimePeriod period) => _missingPeriods.Add(period.Number);

    /// <summary>True when <paramref name="daysLeft"/> differs from what was last said (so one warning a day).</summary>
    public bool NewDaysLeft(int daysLeft)
    {
        if (_daysLeftSaid == daysLeft) return false;
        _daysLeftSaid = daysLeft;
        return true;
    }
}
