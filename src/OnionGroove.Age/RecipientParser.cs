using OnionGroove.Age.Recipients;
using OnionGroove.Core;

namespace OnionGroove.Age;

/// <summary>Parses recipients as users write them: "age1…" or "ssh-ed25519 AAAA… comment", and
/// recipients files (one per line, '#' comments and blank lines ignored).</summary>
public static class RecipientParser
{
    public static Result<IRecipient, AgeException> Parse(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("age1", StringComparison.OrdinalIgnoreCase))
            return X25519Recipient.Parse(t).Map(IRecipient (r) => r);
        if (t.StartsWith("ssh-", StringComparison.Ordinal) || t.StartsWith("ecdsa-", StringComparison.Ordinal) || t.StartsWith("sk-", StringComparison.Ordinal))
            return SshEd25519Recipient.Parse(t).Map(IRecipient (r) => r);
        return new AgeInvalidKeyException("unknown recipient format (expected age1… or ssh-ed25519 AAAA…)");
    }

    /// <summary>Parses a recipients file; errors name the line number.</summary>
    public static IReadOnlyList<IRecipient> ParseFile(string text)
    {
        var result = new List<IRecipient>();
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!Parse(line).TryGet(out var r, out var error))
                throw error is AgeUnsupportedException
                    ? new AgeUnsupportedException($"line {lineNo}: {error.Message}")
                    : new AgeInvalidKeyException($"line {lineNo}: {error.Message}");
            result.Add(r);
        }
        if (result.Count == 0) throw new AgeInvalidKeyException("no recipients in the file");
        return result;
    }
}
