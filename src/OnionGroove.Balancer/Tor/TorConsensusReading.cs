using System.Text;
using OnionGroove.Control;
using OnionGroove.Control.Protocol;
using OnionGroove.Core;
using OnionGroove.Descriptors.Consensus;

namespace OnionGroove.Balancer.Tor;

/// <summary>What tor knows of the network, read over the control port (GETINFO
/// dir/status-vote/current/consensus-microdesc and md/all, GETCONF TestingTorNetwork): the
/// consensus and the HSDirs whose ed25519 identities its microdescriptors give. One reader for
/// the balancer's view and the probe's.</summary>
public sealed record TorConsensusReading(MicrodescConsensus Consensus, IReadOnlyList<HsDirNode> HsDirs, bool TestingNetwork)
{
    /// <summary>The hash rings and time periods of this consensus (rend-spec-v3 §2.2).</summary>
    public ConsensusNetworkView View() => new(Consensus, HsDirs, TestingNetwork);

    /// <summary>The reading, or why there is none yet (no consensus, unparsable, no HSDirs).</summary>
    public static async Task<Result<TorConsensusReading, string>> ReadAsync(TorController tor, CancellationToken ct)
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
        return new TorConsensusReading(consensus, nodes, testing);
    }
}
