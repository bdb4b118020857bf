using System.Security.Cryptography;
using OnionGroove.Core;
using OnionGroove.Descriptors.Parsing;

namespace OnionGroove.Descriptors.Consensus;

/// <summary>A microdescriptor (dir-spec §3.3), reduced to what the HSDir ring needs: its digest (the
/// consensus `m` line) and the relay's ed25519 identity (`id ed25519`).</summary>
public sealed record Microdescriptor(byte[] Digest, byte[]? Ed25519Id, byte[]? NtorOnionKey)
{
    public const string Layer = "microdescriptors";

    /// <summary>Parses concatenated microdescriptors (as from the directory or `GETINFO md/all`). Each starts at
    /// "onion-key" — or at "ntor-onion-key" for relays that no longer publish a TAP key — and its digest is
    /// SHA-256 over its exact bytes.</summary>
    public static Result<IReadOnlyList<Microdescriptor>, DescriptorError> ParseAll(ReadOnlySpan<byte> text)
    {
        // tor's cached-microdescs files put "@last-listed …" annotations before each entry; they are not part of
        // the microdescriptor (nor of its digest).
        if (text.StartsWith("@"u8) || text.IndexOf("\n@"u8) >= 0) return ParseAll(StripAnnotations(text));
        if (!NetDocTokenizer.Tokenize(text, Layer).TryGet(out var items, out var err)) return err;
        var result = new List<Microdescriptor>();
        int start = -1;
        for (int i = 0; i <= items.Count; i++)
        {
            bool boundary = i == items.Count || items[i].Keyword == "onion-key"
                || (items[i].Keyword == "ntor-onion-key" && (i == 0 || items[i - 1].Keyword != "onion-key"));
            if (!boundary) continue;
            if (start >= 0)
            {
                int from = items[start].Offset, to = i == items.Count ? text.Length : items[i].Offset;
                var block = items.Skip(start).Take(i - start).ToList();
                byte[]? ed = null, ntor = null;
                foreach (var it in block)
                {
                    if (it.Keyword == "id" && it.Args.Count >= 2 && it.Args[0] == "ed25519" && it.Args[1] != "none")
                    {
                        ed = Base64.Decode(it.Args[1], 32);
                        if (ed is null) return DescriptorError.Malformed(Layer, it.Line, "id ed25519 is not a base64 32-byte key");
                    }
                    else if (it.Keyword == "ntor-onion-key" && it.Args.Count >= 1) ntor = Base64.Decode(it.Args[0], 32);
                }
                result.Add(new Microdescriptor(SHA256.HashData(text[from..to]), ed, ntor));
            }
            start = i;
        }
        if (items.Count > 0 && items[0].Keyword is not ("onion-key" or "ntor-onion-key"))
            return DescriptorError.Malformed(Layer, items[0].Line, "a microdescriptor starts with \"onion-key\" or \"ntor-onion-key\"");
        return result;
    }

    private static byte[] StripAnnotations(ReadOnlySpan<byte> text)
    {
        var ms = new MemoryStream(text.Length);
        while (!text.IsEmpty)
        {
            int nl = text.IndexOf((byte)'\n');
            var line = nl < 0 ? text : text[..(nl + 1)];
            if (!line.StartsWith("@"u8)) ms.Write(line);
            text = text[line.Length..];
        }
        return ms.ToArray();
    }
}
