using System.Globalization;
using System.Net;
using OnionGroove.Core;
using OnionGroove.Descriptors.Parsing;

namespace OnionGroove.Descriptors.Consensus;

/// <summary>The parts of a microdesc consensus (dir-spec §3.4.1) that onion services need: lifetime, voting
/// schedule, params, shared random values and routers. Signatures are not checked here: the text comes from our
/// own tor over the control port, which has already validated it.</summary>
public sealed class MicrodescConsensus
{
    public const string Layer = "consensus";

    public required DateTimeOffset ValidAfter { get; init; }
    public required DateTimeOffset FreshUntil { get; init; }
    public required DateTimeOffset ValidUntil { get; init; }
    public int VoteSeconds { get; init; }
    public int DistSeconds { get; init; }
    public IReadOnlyDictionary<string, int> Params { get; init; } = new Dictionary<string, int>();
    /// <summary>shared-rand-current-value / shared-rand-previous-value (srv-spec §6), 32 bytes each, when present.</summary>
    public SharedRandomValue? SharedRandCurrent { get; init; }
    public SharedRandomValue? SharedRandPrevious { get; init; }
    public required IReadOnlyList<RouterStatus> Routers { get; init; }

    /// <summary>The voting interval: fresh-until − valid-after (dir-spec §1.4).</summary>
    public TimeSpan VotingInterval => FreshUntil - ValidAfter;

    public int Param(string name, int defaultValue, int min, int max) =>
        Params.TryGetValue(name, out var v) && v >= min && v <= max ? v : defaultValue;

    public static Result<MicrodescConsensus, DescriptorError> Parse(ReadOnlySpan<byte> text)
    {
        if (!NetDocTokenizer.Tokenize(text, Layer).TryGet(out var items, out var err)) return err;
        if (items.Count == 0 || items[0].Keyword != "network-status-version" || items[0].Args.Count < 1 || items[0].Args[0] != "3")
            return DescriptorError.Malformed(Layer, 1, "not a network-status-version 3 document");
        if (items[0].Args.Count < 2 || items[0].Args[1] != "microdesc")
            return DescriptorError.Malformed(Layer, 1, "not a microdesc consensus (network-status-version 3 microdesc)");

        DateTimeOffset? validAfter = null, freshUntil = null, validUntil = null;
        int vote = 0, dist = 0;
        var prms = new Dictionary<string, int>(StringComparer.Ordinal);
        SharedRandomValue? srvCur = null, srvPrev = null;
        var routers = new List<RouterStatus>();
        RouterBuilder? cur = null;

        foreach (var it in items)
        {
            switch (it.Keyword)
            {
                case "valid-after" or "fresh-until" or "valid-until":
                    if (!TryTime(it, out var t)) return DescriptorError.Malformed(Layer, it.Line, $"{it.Keyword} is not \"YYYY-MM-DD HH:MM:SS\"");
                    if (it.Keyword == "valid-after") validAfter = t; else if (it.Keyword == "fresh-until") freshUntil = t; else validUntil = t;
                    break;
                case "voting-delay":
                    if (it.Args.Count < 2 || !int.TryParse(it.Args[0], out vote) || !int.TryParse(it.Args[1], out dist))
                        return DescriptorError.Malformed(Layer, it.Line, "voting-delay needs two numbers");
                    break;
                case "params":
                    foreach (var kv in it.Args)
                    {
                        var eq = kv.IndexOf('=');
                        if (eq <= 0 || !int.TryParse(kv[(eq + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                            return DescriptorError.Malformed(Layer, it.Line, $"bad params entry \"{NetDocTokenizer.Printable(kv)}\"");
                        prms[kv[..eq]] = v;
                    }
                    break;
                case "shared-rand-current-value" or "shared-rand-previous-value":
                    if (it.Args.Count < 2 || Base64.Decode(it.Args[1], SharedRandomValue.Length) is not { } srv)
                        return DescriptorError.Malformed(Layer, it.Line, $"{it.Keyword} needs NumReveals and a base64 32-byte value");
                    if (it.Keyword == "shared-rand-current-value") srvCur = SharedRandomValue.FromBytes(srv); else srvPrev = SharedRandomValue.FromBytes(srv);
                    break;
                case "r":
                    if (cur is not null) routers.Add(cur.Build());
                    if (it.Args.Count < 7) return DescriptorError.Malformed(Layer, it.Line, "\"r\" line needs 7 fields");
                    if (Base64.Decode(it.Args[1], 20) is not { } id) return DescriptorError.Malformed(Layer, it.Line, "\"r\" identity is not 20 bytes of base64");
                    if (!IPAddress.TryParse(it.Args[4], out var ip) || !int.TryParse(it.Args[5], out var orPort))
                        return DescriptorError.Malformed(Layer, it.Line, "\"r\" line has a bad address or port");
                    cur = new RouterBuilder(it.Args[0], id, ip, orPort);
                    break;
                case "m" when cur is not null:
                    if (it.Args.Count < 1 || Base64.Decode(it.Args[0], 32) is not { } md)
                        return DescriptorError.Malformed(Layer, it.Line, "\"m\" line needs a base64 sha256 digest");
                    cur.Digest = md;
                    break;
                case "s" when cur is not null:
                    cur.Flags = it.Args.ToHashSet(StringComparer.Ordinal);
                    break;
                case "pr" when cur is not null:
                    cur.Protocols = it.ArgsText;
                    break;
                case "directory-footer":
                    if (cur is not null) { routers.Add(cur.Build()); cur = null; }
                    break;
            }
        }
        if (cur is not null) routers.Add(cur.Build());
        if (validAfter is null || freshUntil is null || validUntil is null)
            return DescriptorError.Malformed(Layer, 0, "missing valid-after, fresh-until or valid-until");
        if (freshUntil <= validAfter) return DescriptorError.Malformed(Layer, 0, "fresh-until is not after valid-after");
        return new MicrodescConsensus
        {
            ValidAfter = validAfter.Value, FreshUntil = freshUntil.Value, ValidUntil = validUntil.Value,
            VoteSeconds = vote, DistSeconds = dist, Params = prms, SharedRandCurrent = srvCur, SharedRandPrevious = srvPrev, Routers = routers,
        };
    }

    private static bool TryTime(NetDocItem it, out DateTimeOffset t)
    {
        t = default;
        if (it.Args.Count < 2) return false;
        if (!DateTime.TryParseExact(it.Args[0] + " " + it.Args[1], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt)) return false;
        t = new DateTimeOffset(dt, TimeSpan.Zero);
        return true;
    }

    private sealed class RouterBuilder(string nick, byte[] id, IPAddress ip, int orPort)
    {
        public byte[]? Digest;
        public HashSet<string> Flags = [];
        public string? Protocols;
        public RouterStatus Build() => new(nick, id, ip, orPort, Digest, Flags, Protocols);
    }
}
