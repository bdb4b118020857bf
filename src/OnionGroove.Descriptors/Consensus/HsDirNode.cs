namespace OnionGroove.Descriptors.Consensus;

/// <summary>A relay that may store v3 descriptors: HSDir flag, HSDir=2 protocol, and a known ed25519 identity.</summary>
public sealed record HsDirNode(string Nickname, byte[] RsaIdentity, byte[] Ed25519Id)
{
    public string Fingerprint => Convert.ToHexString(RsaIdentity);

    /// <summary>Joins the consensus with microdescriptors by digest into the ring's node list. Relays whose microdescriptor
    /// we lack are left out, as tor leaves out nodes without an ed25519 id (tor's node_has_hsdir_index).</summary>
    public static IReadOnlyList<HsDirNode> Join(MicrodescConsensus consensus, IEnumerable<Microdescriptor> microdescs)
    {
        var byDigest = new Dictionary<string, Microdescriptor>(StringComparer.Ordinal);
        foreach (var md in microdescs) byDigest[Convert.ToBase64String(md.Digest)] = md;
        var nodes = new List<HsDirNode>();
        foreach (var r in consensus.Routers)
        {
            if (!r.HasFlag("HSDir") || !r.SupportsHsDirV3 || r.MicrodescDigest is null) continue;
            if (byDigest.TryGetValue(Convert.ToBase64String(r.MicrodescDigest), out var md) && md.Ed25519Id is { } ed)
                nodes.Add(new HsDirNode(r.Nickname, r.RsaIdentity, ed));
        }
        return nodes;
    }
}
