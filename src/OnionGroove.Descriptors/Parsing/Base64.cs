namespace OnionGroove.Descriptors.Parsing;

/// <summary>Base64 as descriptors use it: tor and stem sometimes drop the '=' padding
/// (e.g. the outer `signature`, `auth-client` fields), so padding is optional here.</summary>
public static class Base64
{
    public static byte[]? Decode(string s)
    {
        if (s.Length % 4 == 1) return null;
        if (s.Length % 4 != 0 && !s.EndsWith('=')) s += new string('=', 4 - s.Length % 4);
        var buf = new byte[s.Length / 4 * 3];
        return Convert.TryFromBase64String(s, buf, out var n) ? buf[..n] : null;
    }

    /// <summary>Decodes base64 held as ASCII bytes (object bodies), padding optional.</summary>
    public static byte[]? DecodeUtf8(ReadOnlySpan<byte> b64)
    {
        int rem = b64.Length % 4;
        if (rem == 1) return null;
        byte[] src;
        if (rem != 0)
        {
            src = new byte[b64.Length + 4 - rem];
            b64.CopyTo(src);
            src.AsSpan(b64.Length).Fill((byte)'=');
            b64 = src;
        }
        var dest = new byte[b64.Length / 4 * 3];
        var status = System.Buffers.Text.Base64.DecodeFromUtf8(b64, dest, out var consumed, out var written);
        return status == System.Buffers.OperationStatus.Done && consumed == b64.Length ? dest[..written] : null;
    }

    /// <summary>Decodes and insists on an exact length (keys, ids, IVs).</summary>
    public static byte[]? Decode(string s, int expectedLength) => Decode(s) is { } b && b.Length == expectedLength ? b : null;

    public static string Encode(ReadOnlySpan<byte> data, bool pad = true)
    {
        var s = Convert.ToBase64String(data);
        return pad ? s : s.TrimEnd('=');
    }

    /// <summary>Base64 wrapped at 64 columns, as tor writes objects.</summary>
    public static string EncodeObject(string label, ReadOnlySpan<byte> data)
    {
        var b64 = Convert.ToBase64String(data);
        var sb = new System.Text.StringBuilder(b64.Length + b64.Length / 64 + 64);
        sb.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (int i = 0; i < b64.Length; i += 64) sb.Append(b64, i, Math.Min(64, b64.Length - i)).Append('\n');
        sb.Append("-----END ").Append(label).Append("-----\n");
        return sb.ToString();
    }
}
