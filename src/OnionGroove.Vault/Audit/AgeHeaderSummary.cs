using System.Security.Cryptography;
using System.Text;
using OnionGroove.Core;

namespace OnionGroove.Vault.Audit;

/// <summary>
/// What an age file's header says about its recipients, read without any key: the number of
/// recipient stanzas and, for ssh-ed25519 stanzas, the 4-byte key tag (age.md "ssh-ed25519
/// recipient stanza": first 4 bytes of SHA-256 of the SSH wire-format public key). X25519
/// stanzas name no recipient, which is why the manifest records sealed_to.
/// </summary>
public sealed record AgeHeaderSummary(int StanzaCount, IReadOnlyList<string> StanzaTypes, IReadOnlyList<string> SshTags)
{
    private const string VersionLine = "age-encryption.org/v1";

    public static Result<AgeHeaderSummary, Problem> Read(ReadOnlySpan<byte> file)
    {
        var end = Math.Min(file.Length, 1 << 20);
        var text = Encoding.ASCII.GetString(file[..end]);
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != VersionLine)
            return new Problem(file.Length == 0 ? "the file is empty" : "not a binary age file (missing the age-encryption.org/v1 line)");
        var types = new List<string>();
        var tags = new List<string>();
        for (var i = 1; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            if (line.StartsWith("--- ", StringComparison.Ordinal)) return new AgeHeaderSummary(types.Count, types, tags);
            if (!line.StartsWith("-> ", StringComparison.Ordinal)) continue; // a stanza body line
            var parts = line[3..].Split(' ');
            types.Add(parts[0]);
            if (parts[0] == "ssh-ed25519" && parts.Length > 1) tags.Add(parts[1]);
        }
        return new Problem("the age header is truncated (no '---' line)");
    }

    /// <summary>The tag age writes for an <c>ssh-ed25519 AAAA…</c> recipient line, or null if it is not one.</summary>
    public static string? SshTagOf(string recipient)
    {
        var parts = recipient.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] != "ssh-ed25519") return null;
        byte[] wire;
        try { wire = Convert.FromBase64String(parts[1]); } catch (FormatException) { return null; }
        var hash = SHA256.HashData(wire);
        return Convert.ToBase64String(hash, 0, 4).TrimEnd('=');
    }
}
