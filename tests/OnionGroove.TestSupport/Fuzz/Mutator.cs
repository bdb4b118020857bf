using System.Text;

namespace OnionGroove.TestSupport.Fuzz;

/// <summary>
/// Seeded random mutations of a valid input, for fuzzing the parsers of files people write
/// (YAML configs, key files, age identities). Deterministic: a failing case is replayed from the
/// seed and case number printed by <see cref="Fuzzer"/>.
/// </summary>
public static class Mutator
{
    /// <summary>The kinds of mutation, as recorded in docs/reliability.md.</summary>
    public static readonly string[] Kinds =
    [
        "bit flip", "random byte", "truncation", "insert random bytes", "delete a span", "duplicate a line",
        "delete a line", "swap two lines", "YAML punctuation", "huge number", "deep nesting", "tab",
        "NUL", "invalid UTF-8", "indentation change", "anchor/alias", "repeat a span",
    ];

    private static readonly string[] Punctuation =
        ["{", "}", "[", "]", ":", ": ", "&", "*", "!", "|", ">", "'", "\"", "#", "%", "@", "`", "- ", "? ", ",", "---\n", "...\n", "\\"];

    private static readonly string[] Numbers =
        ["99999999999999999999999999999", "-1", "0", "2147483648", "-2147483649", "1e999", "0x7fffffff", ".nan", "18446744073709551616"];

    private static readonly string[] Aliases = ["&a ", "*a", "*undefined", "&a [*a]", "!!binary ", "!!int ", "!<tag:x> ", "<<: *a"];

    /// <summary>One to three mutations of <paramref name="input"/>; <paramref name="applied"/> names them.</summary>
    public static byte[] Mutate(byte[] input, Random rng, out string applied)
    {
        var bytes = new List<byte>(input);
        var names = new List<string>();
        var count = rng.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var kind = rng.Next(Kinds.Length);
            names.Add(Kinds[kind]);
            Apply(kind, bytes, rng);
        }
        applied = string.Join(", ", names);
        return [.. bytes];
    }

    private static void Apply(int kind, List<byte> b, Random rng)
    {
        int Pos() => rng.Next(b.Count + 1);
        void Insert(string s) => b.InsertRange(Pos(), Encoding.UTF8.GetBytes(s));
        switch (Kinds[kind])
        {
            case "bit flip":
                if (b.Count > 0) { var p = rng.Next(b.Count); b[p] ^= (byte)(1 << rng.Next(8)); }
                break;
            case "random byte":
                if (b.Count > 0) b[rng.Next(b.Count)] = (byte)rng.Next(256);
                break;
            case "truncation":
                if (b.Count > 0) Truncate(b, rng);
                break;
            case "insert random bytes":
                b.InsertRange(Pos(), Enumerable.Range(0, rng.Next(1, 9)).Select(_ => (byte)rng.Next(256)));
                break;
            case "delete a span":
                if (b.Count > 0) { var p = rng.Next(b.Count); b.RemoveRange(p, Math.Min(rng.Next(1, 17), b.Count - p)); }
                break;
            case "duplicate a line":
                EditLines(b, rng, (lines, i) => lines.Insert(rng.Next(lines.Count + 1), lines[i]));
                break;
            case "delete a line":
                EditLines(b, rng, (lines, i) => lines.RemoveAt(i));
                break;
            case "swap two lines":
                EditLines(b, rng, (lines, i) => { var j = rng.Next(lines.Count); (lines[i], lines[j]) = (lines[j], lines[i]); });
                break;
            case "YAML punctuation":
                Insert(Punctuation[rng.Next(Punctuation.Length)]);
                break;
            case "huge number":
                Insert(Numbers[rng.Next(Numbers.Length)]);
                break;
            case "deep nesting":
                var depth = rng.Next(50, 2000);
                var open = rng.Next(3) switch { 0 => "[", 1 => "{a: ", _ => "- " };
                Insert(string.Concat(Enumerable.Repeat(open, depth)));
                break;
            case "tab":
                Insert("\t");
                break;
            case "NUL":
                b.Insert(Pos(), 0);
                break;
            case "invalid UTF-8":
                byte[][] bad = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xef, 0xbb, 0xbf]];
                b.InsertRange(Pos(), bad[rng.Next(bad.Length)]);
                break;
            case "indentation change":
                EditLines(b, rng, (lines, i) => lines[i] = rng.Next(2) == 0 ? "  " + lines[i] : lines[i].TrimStart());
                break;
            case "anchor/alias":
                Insert(Aliases[rng.Next(Aliases.Length)]);
                break;
            case "repeat a span":
                if (b.Count > 0)
                {
                    var p = rng.Next(b.Count);
                    var span = b.GetRange(p, Math.Min(rng.Next(1, 64), b.Count - p));
                    for (var n = rng.Next(1, 20); n > 0; n--) b.InsertRange(p, span);
                }
                break;
        }
    }

    /// <summary>The text a parser gets from these bytes through File.ReadAllText (UTF-8 with
    /// replacement characters, byte-order marks honoured, including UTF-16/32 ones a mutation made).</summary>
    public static string AsText(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static void Truncate(List<byte> b, Random rng)
    {
        var keep = rng.Next(b.Count);
        b.RemoveRange(keep, b.Count - keep);
    }

    // Line edits work on the text as Latin-1 so that every byte survives the round trip.
    private static void EditLines(List<byte> b, Random rng, Action<List<string>, int> edit)
    {
        var lines = Encoding.Latin1.GetString([.. b]).Split('\n').ToList();
        if (lines.Count == 0) return;
        edit(lines, rng.Next(lines.Count));
        var text = string.Join('\n', lines);
        b.Clear();
        b.AddRange(Encoding.Latin1.GetBytes(text));
    }
}
