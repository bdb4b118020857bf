using System.Diagnostics.CodeAnalysis;

namespace OnionGroove.Crypto.Encoding;

/// <summary>RFC 4648 base32 without padding, lowercase on output, case-insensitive on input:
/// the form tor uses for onion addresses and client-auth keys.</summary>
public static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length * 8 + 4) / 5];
        int bits = 0, buffer = 0, o = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[o++] = Alphabet[(buffer >> bits) & 31];
            }
        }
        if (bits > 0) chars[o++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(chars);
    }

    /// <summary>Decodes unpadded base32. Fails (with the reason) on a character outside the
    /// alphabet, on a length no byte string encodes to, or on non-zero trailing bits, so every
    /// byte string has exactly one accepted text form (ignoring case).</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data, [NotNullWhen(false)] out string? error)
    {
        data = [];
        var outLen = text.Length * 5 / 8;
        if ((outLen * 8 + 4) / 5 != text.Length)
        {
            error = $"base32 text of {text.Length} characters is not a whole number of bytes";
            return false;
        }
        var result = new byte[outLen];
        int bits = 0, buffer = 0, o = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var v = Value(text[i]);
            if (v < 0)
            {
                error = $"invalid base32 character '{text[i]}' at position {i + 1}";
                return false;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                result[o++] = (byte)(buffer >> bits);
            }
            buffer &= (1 << bits) - 1;
        }
        if (buffer != 0)
        {
            error = "base32 text has non-zero trailing bits";
            return false;
        }
        data = result;
        error = null;
        return true;
    }

    internal static int Value(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= 'A' and <= 'Z' => c - 'A',
        >= '2' and <= '7' => c - '2' + 26,
        _ => -1,
    };
}
