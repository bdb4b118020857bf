using OnionGroove.Core;
namespace OnionGroove.Age.Format;

/// <summary>Bech32 (BIP173) without the 90-character limit, as age uses it for keys. A string is
/// all-lowercase or all-uppercase; the checksum is over the lowercase form.</summary>
internal static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    public static string Encode(string hrp, ReadOnlySpan<byte> data, bool upper)
    {
        var lowerHrp = hrp.ToLowerInvariant();
        var values = ConvertBits(data, 8, 5, pad: true)!;
        var checksum = CreateChecksum(lowerHrp, values);
        var sb = new System.Text.StringBuilder(lowerHrp.Length + 1 + values.Count + 6);
        sb.Append(lowerHrp).Append('1');
        foreach (var v in values) sb.Append(Charset[v]);
        foreach (var v in checksum) sb.Append(Charset[v]);
        var s = sb.ToString();
        return upper ? s.ToUpperInvariant() : s;
    }

    /// <summary>Decodes; hrp is returned in the case it was written in.</summary>
    public static Result<(string Hrp, byte[] Data), Problem> Decode(string s)
    {
        var lower = s.ToLowerInvariant();
        var upper = s.ToUpperInvariant();
        if (s != lower && s != upper) return new Problem("mixed upper and lower case");
        var pos = s.LastIndexOf('1');
        if (pos < 1 || pos + 7 > s.Length) return new Problem("separator '1' missing or misplaced");
        foreach (var c in s) if (c < 33 || c > 126) return new Problem("invalid character");
        var values = new List<byte>(s.Length - pos - 1);
        for (var i = pos + 1; i < s.Length; i++)
        {
            var v = Charset.IndexOf(lower[i]);
            if (v < 0) return new Problem($"invalid character '{s[i]}'");
            values.Add((byte)v);
        }
        if (Polymod(ExpandHrp(lower[..pos]).Concat(values)) != 1) return new Problem("bad checksum (typo?)");
        var bytes = ConvertBits(values.GetRange(0, values.Count - 6).ToArray(), 5, 8, pad: false);
        if (bytes is null) return new Problem("invalid padding");
        return (s[..pos], bytes.ToArray());
    }

    private static List<byte>? ConvertBits(ReadOnlySpan<byte> data, int from, int to, bool pad)
    {
        int acc = 0, bits = 0;
        var maxv = (1 << to) - 1;
        var result = new List<byte>(data.Length * from / to + 1);
        foreach (var b in data)
        {
            acc = (acc << from) | b;
            bits += from;
            while (bits >= to)
            {
                bits -= to;
                result.Add((byte)((acc >> bits) & maxv));
            }
            acc &= (1 << bits) - 1;
        }
        if (pad) { if (bits > 0) result.Add((byte)((acc << (to - bits)) & maxv)); }
        else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) return null;
        return result;
    }

    private static IEnumerable<byte> ExpandHrp(string hrp)
    {
        foreach (var c in hrp) yield return (byte)(c >> 5);
        yield return 0;
        foreach (var c in hrp) yield return (byte)(c & 31);
    }

    private static uint Polymod(IEnumerable<byte> values)
    {
        uint[] gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        uint chk = 1;
        foreach (var v in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (var i = 0; i < 5; i++) if (((top >> i) & 1) != 0) chk ^= gen[i];
        }
        return chk;
    }

    private static byte[] CreateChecksum(string hrp, List<byte> values)
    {
        var mod = Polymod(ExpandHrp(hrp).Concat(values).Concat(new byte[6])) ^ 1;
        var r = new byte[6];
        for (var i = 0; i < 6; i++) r[i] = (byte)((mod >> (5 * (5 - i))) & 31);
        return r;
    }
}
