using System.Text;
using OnionGroove.Balancer.Selection;
using OnionGroove.Balancer.Tor;
using OnionGroove.Control;
using OnionGroove.Control.Protocol;
using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Consensus;
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

    /// <summary>Reads tor's microdesc consensus and microdescriptors over the control port.</summary>
    public static async Task<Result<ProbeNetwork, string>> LoadAsync(TorController tor, CancellationToken ct)
    {
        string consensusText, mdText;
        try
        {
            consensusText = await tor.GetInfoAsync("dir/status-vote/current/consensus-microdesc", ct).ConfigureAwait(false);
            mdText = await tor.GetInfoAsync("md/all", ct).ConfigureAwait(false);
        }
        catch (ControlCommandException e) { return "tor has no consensus to read yet: " + e.Message; }
        if (!(await tor.IsTestingNetworkAsync(ct).ConfigureAwait(false)).TryGet(out var testing, out var refusal)) return refusal.ToString();
        if (!MicrodescConsensus.Parse(Encoding.ASCII.GetBytes(consensusText)).TryGet(out var consensus, out var cError)) return "consensus: " + cError;
        if (!Microdescriptor.ParseAll(Encoding.ASCII.GetBytes(mdText)).TryGet(out var mds, out var mError)) return "microdescriptors: " + mError;
        var nodes = HsDirNode.Join(consensus, mds);
        if (nodes.Count == 0) return "no HSDirs with known ed25519 identities in tor's consensus yet";
        var maxSize = consensus.Param("HSV3MaxDescriptorSize", DescriptorCheck.DefaultMaxSize, 1, int.MaxValue);
        return new ProbeNetwork(new ConsensusNetworkView(consensus, nodes, testing), maxSize, nodes.Count);
    }
}
