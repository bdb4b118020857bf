using OnionGroove.Age.Recipients;

namespace OnionGroove.Age;

/// <summary>Parses recipients as users write them: "age1…" or "ssh-ed25519 AAAA… comment", and
/// recipients files (one per line, '#' comments and blank lines ignored).</summary>
public static class RecipientParser
{
    public static IRecipient Parse(string text) =>
        TryParse(text, out var r, out var error) ? r : throw error;

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IRecipient? recipient,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out AgeException? error)
    {
        recipient = null;
        var t = text.Trim();
        if (t.StartsWith("age1", StringComparison.OrdinalIgnoreCase))
        {
            if (X25519Recipient.TryParse(t, out var x, out error)) { recipient = x; return true; }
            return false;
        }
        if (t.StartsWith("ssh-", StringComparison.Ordinal) || t.StartsWith("ecdsa-", StringComparison.Ordinal) || t.StartsWith("sk-", StringComparison.Ordinal))
        {
            if (SshEd25519Recipient.TryParse(t, out var s, out error)) { recipient = s; return true; }
            return false;
        }
        error = new AgeInvalidKeyException("unknown recipient format (expected age1… or ssh-ed25519 AAAA…)");
        return false;
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
            if (!TryParse(line, out var r, out var error))
                throw error is AgeUnsupportedException
                    ? new AgeUnsupportedException($"line {lineNo}: {error.Message}")
                    : new AgeInvalidKeyException($"line {lineNo}: {error.Message}");
            result.Add(r);
        }
        if (result.Count == 0) throw new AgeInvalidKeyException("no recipients in the file");
        return result;
    }
}
