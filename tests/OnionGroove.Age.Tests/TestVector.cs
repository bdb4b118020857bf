using System.IO.Compression;
using System.Text;
using OnionGroove.TestSupport;

namespace OnionGroove.Age.Tests;

/// <summary>One CCTV age test vector: "key: value" header lines, a blank line, then the age file
/// (zlib-compressed when the header says so). See tests/vectors/age/README.md.</summary>
internal sealed record TestVector(string Name, string Expect, string? Payload, bool Armored,
    IReadOnlyList<string> Identities, IReadOnlyList<string> Passphrases, byte[] File)
{
    public static IEnumerable<string> Names() =>
        Directory.GetFiles(SharedFiles.AgeVectors)
            .Select(Path.GetFileName)
            .Where(n => n is not null && n != "README.md" && n != "MANIFEST.tsv" && n != "SHA256SUMS" && !n.StartsWith('.'))
            .Select(n => n!)
            .Order(StringComparer.Ordinal);

    public static TestVector Load(string name)
    {
        var bytes = System.IO.File.ReadAllBytes(Path.Combine(SharedFiles.AgeVectors, name));
        var split = bytes.AsSpan().IndexOf("\n\n"u8);
        if (split < 0) throw new InvalidDataException($"{name}: no blank line after the header");
        string? expect = null, payload = null;
        bool armored = false, zlib = false;
        var identities = new List<string>();
        var passphrases = new List<string>();
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, split).Split('\n'))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) throw new InvalidDataException($"{name}: bad header line");
            var (key, value) = (line[..colon], line[(colon + 2)..]);
            switch (key)
            {
                case "expect": expect = value; break;
                case "payload": payload = value; break;
                case "identity": identities.Add(value); break;
                case "passphrase": passphrases.Add(value); break;
                case "armored": armored = value == "yes"; break;
                case "compressed": zlib = value == "zlib"; break;
            }
        }
        var file = bytes[(split + 2)..];
        if (zlib)
        {
            using var z = new ZLibStream(new MemoryStream(file), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            z.CopyTo(inflated);
            file = inflated.ToArray();
        }
        return new TestVector(name, expect ?? throw new InvalidDataException($"{name}: no expect"), payload, armored,
            identities, passphrases, file);
    }
}
