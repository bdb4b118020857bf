using System.Globalization;
using OnionGroove.Control.Network;
using OnionGroove.Control.Protocol;
using OnionGroove.Core;

namespace OnionGroove.Control;

/// <summary>What tor knows about the network it is on.</summary>
public sealed partial class TorController
{
    /// <summary>Whether tor runs with TestingTorNetwork 1 (GETCONF): then it uses test-network
    /// timings, which the consensus itself does not reveal.</summary>
    public async Task<Result<bool, ControlRefusal>> IsTestingNetworkAsync(CancellationToken ct = default)
    {
        try
        {
            var values = await GetConfAsync("TestingTorNetwork", ct).ConfigureAwait(false);
            return values.Count > 0 && values[0] == "1";
        }
        catch (ControlCommandException e) { return ControlRefusal.From(e); }
    }

    /// <summary>The lifetime of tor's current consensus; an error while tor has none (tor answers
    /// with empty values then).</summary>
    public async Task<Result<ConsensusTimes, ControlRefusal>> GetConsensusTimesAsync(CancellationToken ct = default)
    {
        string[] keys = ["consensus/valid-after", "consensus/fresh-until", "consensus/valid-until"];
        IReadOnlyDictionary<string, string> values;
        try { values = await GetInfoAsync(keys, ct).ConfigureAwait(false); }
        catch (ControlCommandException e) { return ControlRefusal.From(e); }
        var times = new DateTimeOffset[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!values.TryGetValue(keys[i], out var text) || text.Length == 0)
                return new ControlRefusal("GETINFO", null, "tor has no consensus yet");
            if (!TryParseIsoTime(text, out times[i]))
                return new ControlRefusal("GETINFO", null, $"{keys[i]} is not an ISOTime: {text}");
        }
        return new ConsensusTimes(times[0], times[1], times[2]);
    }

    /// <summary>Whether tor is on a test network and its consensus' voting interval: what the
    /// time-period schedule depends on.</summary>
    public async Task<Result<TorNetworkSchedule, ControlRefusal>> GetNetworkScheduleAsync(CancellationToken ct = default)
    {
        var testing = await IsTestingNetworkAsync(ct).ConfigureAwait(false);
        if (!testing.TryGet(out var isTest, out var refusal)) return refusal;
        return (await GetConsensusTimesAsync(ct).ConfigureAwait(false)).Map(t => new TorNetworkSchedule(isTest, t.VotingInterval));
    }

    /// <summary>control-spec's ISOTime, "YYYY-MM-DD HH:MM:SS" in UTC (quoted in some replies).</summary>
    private static bool TryParseIsoTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text.Trim().Trim('"'), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
