using System.Text;
using OnionGroove.Control;
using OnionGroove.Control.Protocol;
using OnionGroove.Descriptors.Consensus;

namespace OnionGroove.Balancer.Tor;

/// <summary>Reads tor's microdesc consensus and microdescriptors over the control port
/// (GETINFO dir/status-vote/current/consensus-microdesc, md/all) and builds the view from them.</summary>
public sealed class ControlPortNetworkViewSource : INetworkViewSource
{
    public async Task<DateTimeOffset?> ValidAfterAsync(TorController tor, CancellationToken ct) =>
        (await tor.GetConsensusTimesAsync(ct)).TryGet(out var times, out _) ? times.ValidAfter : null;

    public async Task<(INetworkView? View, string? Error)> LoadAsync(TorController tor, CancellationToken ct)
    {
        string consensusText, mdText;
        try
        {
            consensusText = await tor.GetInfoAsync("dir/status-vote/current/consensus-microdesc", ct);
            mdText = await tor.GetInfoAsync("md/all", ct);
        }
        catch (ControlCommandException e) { return (null, e.Message); }
        if (!(await tor.IsTestingNetworkAsync(ct)).TryGet(out var testing, out var refusal)) return (null, refusal.ToString());

        var consensus = MicrodescConsensus.Parse(Encoding.ASCII.GetBytes(consensusText));
        if (!consensus.IsSuccess) return (null, "consensus: " + consensus.Error);
        var mds = Microdescriptor.ParseAll(Encoding.ASCII.GetBytes(mdText));
        if (!mds.IsSuccess) return (null, "microdescriptors: " + mds.Error);
        var nodes = HsDirNode.Join(consensus.Value, mds.Value);
        if (nodes.Count == 0) return (null, "no HSDirs with known ed25519 identities in the consensus yet");
        return (new ConsensusNetworkView(consensus.Value, nodes, testing), null);
    }
}
