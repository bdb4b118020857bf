using System.Net;

namespace OnionGroove.Descriptors.Consensus;

/// <summary>One router entry of a microdesc consensus (dir-spec §3.4.1: `r`, `m`, `s`, `pr` lines).</summary>
public sealed record RouterStatus(string Nickname, byte[] RsaIdentity, IPAddress Address, int OrPort, byte[]? MicrodescDigest,
    IReadOnlySet<string> Flags, string? Protocols)
{
    public string Fingerprint => Convert.ToHexString(RsaIdentity);
    public bool HasFlag(string flag) => Flags.Contains(flag);

    /// <summary>Whether the `pr` line lists HSDir=2 (v3 onion-service directories). Without a `pr` line we cannot tell; assume yes.</summary>
    public bool SupportsHsDirV3 => Protocols is null || ProtocolVersions.Supports(Protocols, "HSDir", 2);
}

/// <summary>Reads tor protocol lists such as "HSDir=1-2 Link=1-5".</summary>
public static class ProtocolVersions
{
    public static bool Supports(string list, string name, int version)
    {
        foreach (var entry in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=');
            if (eq < 0 || entry[..eq] != name) continue;
            foreach (var range in entry[(eq + 1)..].Split(','))
            {
                var ends = range.Split('-');
                if (!int.TryParse(ends[0], out var lo)) continue;
                var hi = ends.Length > 1 && int.TryParse(ends[1], out var h) ? h : lo;
                if (version >= lo && version <= hi) return true;
            }
        }
        return false;
    }
}
