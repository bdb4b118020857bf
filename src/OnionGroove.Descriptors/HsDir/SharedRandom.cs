using OnionGroove.Crypto;
using OnionGroove.Descriptors.Consensus;
using OnionGroove.Descriptors.Encryption;

namespace OnionGroove.Descriptors.HsDir;

/// <summary>Shared random values for the ring (rend-spec-v3 §2.2.4): the consensus' current/previous SRV, or
/// when one is missing the "disaster SRV" SHA3-256("shared-random-disaster" ‖ INT_8(period_length) ‖ INT_8(period_num)).</summary>
public static class SharedRandom
{
    public static SharedRandomValue Disaster(TimePeriod period)
    {
        var prefix = "shared-random-disaster"u8;
        var buf = new byte[prefix.Length + 16];
        prefix.CopyTo(buf);
        Primitives.WriteInt8(buf.AsSpan(prefix.Length), (ulong)period.LengthMinutes);
        Primitives.WriteInt8(buf.AsSpan(prefix.Length + 8), (ulong)period.Number);
        return SharedRandomValue.FromBytes(Primitives.Sha3(buf));
    }

    /// <summary>tor's hs_get_current_srv: the consensus' current SRV, else the disaster SRV of <paramref name="period"/>.</summary>
    public static SharedRandomValue Current(MicrodescConsensus consensus, TimePeriod period) => consensus.SharedRandCurrent ?? Disaster(period);

    /// <summary>tor's hs_get_previous_srv: the consensus' previous SRV, else the disaster SRV of <paramref name="period"/>.</summary>
    public static SharedRandomValue Previous(MicrodescConsensus consensus, TimePeriod period) => consensus.SharedRandPrevious ?? Disaster(period);
}
