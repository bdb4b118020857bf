using OnionGroove.Balancer.Selection;
using OnionGroove.Balancer.Tor;
using OnionGroove.Control;
using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Probe.Checks;

namespace OnionGroove.Probe.Network;

/// <summary>The network as the probing tor sees it: the balancer's view of the consensus (time
/// periods, hash rings; one implementation of rend-spec-v3 §2.2 for both) and the descriptor size
/// limit HSDirs enforce.</summary>
public sealed class ProbeNetwork
{
    private readonly INetworkView _view;

    public ProbeNetwork(INetworkView view, int maxDescriptorSize, int hsDirCount)
    {
        _view = view;
        MaxDescriptorSize = maxDescriptorSize;
        HsDirCount = hsDirCount;
    }

    /// <summary>HSV3MaxDescriptorSize from the consensus (param-spec; default 50000).</summary>
    public int MaxDescriptorSize { get; }
    public int HsDirCount { get; }
    public DateTimeOffset ValidAfter => _view.ValidAfter;

    /// <summary>The time period clients look a descriptor up for now: the current one (rend-spec-v3
    /// §2.2.1, clients use the period of the consensus' valid-after).</summary>
    public TimePeriod ClientPeriod => _view.CandidatePeriods[1];

    /// <summary>Where the descriptor clients fetch now is stored: the service's slot for
    /// <see cref="ClientPeriod"/> (it uploads that one with the SRV clients pick for the period).</summary>
    public IReadOnlyList<HsDirTarget> ResponsibleHsDirs(OnionAddress address) =>
        _view.SlotsFor(address.PublicKey).FirstOrDefault(s => s.Period == ClientPeriod)?.HsDirs ?? [];

    /// <summary>Reads tor's consensus and microdescriptors over the control port.</summary>
    public static async Task<Result<ProbeNetwork, string>> LoadAsync(TorController tor, CancellationToken ct)
    {
        if (!(await TorConsensusReading.ReadAsync(tor, ct).ConfigureAwait(false)).TryGet(out var reading, out var error)) return error;
        var maxSize = reading.Consensus.Param("HSV3MaxDescriptorSize", DescriptorCheck.DefaultMaxSize, 1, int.MaxValue);
        return new ProbeNetwork(reading.View(), maxSize, reading.HsDirs.Count);
    }
}
