namespace OnionGroove.Age.Format;

/// <summary>Standard base64 alphabet, strict decoding. The header uses it unpadded and canonical (spec
/// "Conventions"); the armor uses it padded (RFC 7468). Both reject any non-canonical form so that a
/// file has exactly one encoding (otherwise it would be malleable).</summary>
internal static class StrictBase64
{
    private static readonly sbyte[] Values = BuildValues();

    private static sbyte[] BuildValues()
    {
        var v = new sbyte[256];
        Array.Fill(v, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++) v[alphabet[i]] = (sbyte)i;
        return v;
    }

    public static string EncodeRaw(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    /// <summary>Decodes unpadded canonical base64; false on any other form.</summary>
    public static bool TryDecodeRaw(ReadOnlySpan<byte> text, out byte[] result)
    {
        result = [];
        if (text.Length % 4 == 1) return false;
        var output = new byte[text.Length * 3 / 4];
        if (!TryDecodeInto(text, output)) return false;
        result = output;
        return true;
    }

    public static bool TryDecodeRaw(string text, out byte[] result)
    {
        result = [];
        foreach (var c in text) if (c > 127) return false;
        return TryDecodeRaw(System.Text.Encoding.ASCII.GetBytes(text), out result);
    }

    /// <summary>Decodes padded canonical base64 (length a multiple of 4, '=' only as padding);
    /// returns the number of bytes written or -1.</summary>
    public static int DecodePadded(ReadOnlySpan<byte> text, Span<byte> output)
    {
        if (text.Length % 4 != 0) return -1;
        var pad = 0;
        if (text.Length > 0 && text[^1] == '=') pad++;
        if (text.Length > 1 && text[^2] == '=') pad++;
        var body = text[..^pad];
        var n = body.Length * 3 / 4;
        if (output.Length < n) return -1;
        return TryDecodeInto(body, output[..n]) ? n : -1;
    }

    /// <summary>Decodes unpadded symbols into exactly output.Length bytes, rejecting non-zero spare bits.</summary>
    private static bool TryDecodeInto(ReadOnlySpan<byte> text, Span<byte> output)
    {
        int o = 0, acc = 0, bits = 0;
        foreach (var c in text)
        {
            var v = Values[c];
            if (v < 0) return false;
            acc = (acc << 6) | (byte)v;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                output[o++] = (byte)(acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        // Canonical form: the bits left over after the last whole byte must be zero (RFC 4648 3.5).
        return acc == 0 && o == output.Length;
    }
}
