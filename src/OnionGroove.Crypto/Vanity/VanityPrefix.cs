using System.Buffers.Binary;
using OnionGroove.Core;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// A wanted start of an onion address. The address is base32 of the public key first
/// (rend-spec-v3 §6), so k characters fix the first 5k bits of the key bytes; the search compares
/// those bits directly, never base32-encoding a candidate.
/// </summary>
public sealed class VanityPrefix
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>51 characters cover 255 bits; the 52nd would reach into the checksum.</summary>
    public const int MaxLength = 51;

    /// <summary>Beyond this many characters a search is not expected to finish (32^13 ≈ 3.7·10^19 candidates).</summary>
    public const int FeasibleLength = 12;

    /// <summary>The prefix in lowercase, as it appears in the address.</summary>
    public string Text { get; }

    /// <summary>The prefix's bits, packed the way the key's first bytes are (first character in the high bits of byte 0).</summary>
    private readonly byte[] _bits;

    /// <summary>The first 64 key bits the hot loop compares, read as a little-endian ulong of the key bytes.</summary>
    internal ulong Low64Target { get; }
    internal ulong Low64Mask { get; }

    /// <summary>True when the first 64 bits do not decide the match and the whole key must be checked.</summary>
    internal bool NeedsFullCheck => Text.Length * 5 > 64;

    private VanityPrefix(string text)
    {
        Text = text;
        var bitCount = text.Length * 5;
        _bits = new byte[(bitCount + 7) / 8 + 8];
        var bitPos = 0;
        foreach (var c in text)
        {
            var v = Alphabet.IndexOf(c);
            for (var b = 4; b >= 0; b--, bitPos++)
                if (((v >> b) & 1) != 0) _bits[bitPos >> 3] |= (byte)(0x80 >> (bitPos & 7));
        }
        var maskBytes = new byte[8];
        for (var i = 0; i < Math.Min(bitCount, 64); i++) maskBytes[i >> 3] |= (byte)(0x80 >> (i & 7));
        Low64Mask = BinaryPrimitives.ReadUInt64LittleEndian(maskBytes);
        Low64Target = BinaryPrimitives.ReadUInt64LittleEndian(_bits.AsSpan(0, 8)) & Low64Mask;
    }

    /// <summary>Accepts 1–51 characters of a–z and 2–7, in any case; the problem names the first bad character.</summary>
    public static Result<VanityPrefix, Problem> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return new Problem("the prefix is empty");
        var lower = text.ToLowerInvariant();
        for (var i = 0; i < lower.Length; i++)
        {
            if (Alphabet.Contains(lower[i])) continue;
            var hint = lower[i] switch
            {
                '0' => " (did you mean 'o'?)",
                '1' => " (did you mean 'l' or 'i'?)",
                '8' => " (did you mean 'b'?)",
                '9' => " (did you mean 'g'?)",
                _ => "",
            };
            return new Problem($"prefix \"{text}\" has '{text[i]}' at position {i + 1}, which onion addresses never contain; they use a-z and 2-7 only{hint}");
        }
        if (lower.Length > MaxLength)
            return new Problem($"prefix \"{text}\" is {lower.Length} characters; at most {MaxLength} are determined by the key");
        return new VanityPrefix(lower);
    }

    /// <summary>True when the expected number of candidates (32^length) is beyond any realistic search.</summary>
    public bool IsInfeasible => Text.Length > FeasibleLength;

    /// <summary>Expected number of candidates until a match: 32^length.</summary>
    public double ExpectedCandidates => Math.Pow(32, Text.Length);

    /// <summary>Chance that one random key matches at least one of <paramref name="prefixes"/>:
    /// Σ 32^-length over the prefixes no other one in the list already covers ("ab" covers "abc").
    /// Its inverse is the expected number of candidates per match.</summary>
    public static double MatchProbability(IReadOnlyList<VanityPrefix> prefixes) => new VanityPrefixSet(prefixes).MatchProbability;

    /// <summary>Whether a 32-byte public key starts with this prefix, bit for bit.</summary>
    public bool Matches(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32) return false;
        var bitCount = Text.Length * 5;
        var fullBytes = bitCount / 8;
        if (!publicKey[..fullBytes].SequenceEqual(_bits.AsSpan(0, fullBytes))) return false;
        var rest = bitCount % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xff << (8 - rest));
        return (publicKey[fullBytes] & mask) == _bits[fullBytes];
    }

    public override string ToString() => Text;
}
