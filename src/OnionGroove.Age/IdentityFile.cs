using OnionGroove.Age.Recipients;

namespace OnionGroove.Age;

/// <summary>Parses identity files: age identity files (AGE-SECRET-KEY-1… lines, '#' comments and
/// blank lines ignored) or an OpenSSH ed25519 private key in PEM form.</summary>
public static class IdentityFile
{
    public static IReadOnlyList<IIdentity> Parse(string text, Func<string>? sshPassphrase = null)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", StringComparison.Ordinal))
            return [SshEd25519Identity.Parse(trimmed, sshPassphrase)];
        if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal))
            throw new AgeUnsupportedException("only OpenSSH ed25519 private keys and age identity files are supported (PEM of another kind found)");

        var result = new List<IIdentity>();
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!X25519Identity.Parse(line).TryGet(out var id, out var error))
                throw error is AgeUnsupportedException
                    ? new AgeUnsupportedException($"line {lineNo}: {error.Message}")
                    : new AgeInvalidKeyException($"line {lineNo}: {error.Message}");
            result.Add(id);
        }
        if (result.Count == 0) throw new AgeInvalidKeyException("no identities in the file");
        return result;
    }
}
