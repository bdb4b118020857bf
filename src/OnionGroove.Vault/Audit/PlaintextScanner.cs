using System.Text;

namespace OnionGroove.Vault.Audit;

/// <summary>
/// Looks for unencrypted key material in a byte buffer: tor secret key files, age and OpenSSH
/// (or any PEM) private keys, tor client-auth private lines, control-port ED25519-V3 key
/// blobs, and the raw 64-byte expanded keys of secrets the vault holds.
/// </summary>
public sealed class PlaintextScanner
{
    private readonly List<(string Kind, byte[] Needle)> _rawKeys = [];

    private static readonly (string Kind, byte[] Marker)[] Markers =
    [
        ("tor secret key file", Encoding.ASCII.GetBytes("== ed25519v1-secret: type0 ==")),
        ("age secret key", Encoding.ASCII.GetBytes("AGE-SECRET-KEY-1")),
        ("OpenSSH private key", Encoding.ASCII.GetBytes("-----BEGIN OPENSSH PRIVATE KEY-----")),
        ("PEM private key", Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----")),
        ("tor control-port secret key", Encoding.ASCII.GetBytes("ED25519-V3:")),
    ];

    private static readonly byte[] AuthPrivate = Encoding.ASCII.GetBytes(":descriptor:x25519:");

    /// <summary>Adds the raw bytes of a secret we hold (for example a 64-byte expanded key) to look for.
    /// The scanner keeps its own copy; call <see cref="Clear"/> to zero them.</summary>
    public void AddRawSecret(string label, ReadOnlySpan<byte> secret) => _rawKeys.Add((label, secret.ToArray()));

    public void Clear()
    {
        foreach (var (_, n) in _rawKeys) System.Security.Cryptography.CryptographicOperations.ZeroMemory(n);
        _rawKeys.Clear();
    }

    /// <summary>Every kind of key material found in <paramref name="data"/> (each kind once).</summary>
    public IReadOnlyList<string> Scan(ReadOnlySpan<byte> data)
    {
        var found = new List<string>();
        foreach (var (kind, marker) in Markers)
        {
            var at = data.IndexOf(marker);
            if (at < 0) continue;
            // A control-port key is "ED25519-V3:" followed by 88 base64 characters; the bare
            // word also appears in documentation, which is not a leak.
            if (kind == "tor control-port secret key" && !FollowedByBase64(data[(at + marker.Length)..], 86)) continue;
            found.Add(kind);
        }
        if (HasAuthPrivateLine(data)) found.Add("tor client-auth private key");
        foreach (var (label, needle) in _rawKeys)
            if (data.IndexOf(needle) >= 0) found.Add($"raw key bytes of {label}");
        return found;
    }

    /// <summary>A <c>.auth_private</c> line: 56 base32 characters, then ":descriptor:x25519:", then the key.
    /// (The public <c>.auth</c> form has no address in front and is not secret.)</summary>
    private static bool HasAuthPrivateLine(ReadOnlySpan<byte> data)
    {
        var offset = 0;
        while (true)
        {
            var at = data[offset..].IndexOf(AuthPrivate);
            if (at < 0) return false;
            at += offset;
            if (at >= 56 && IsBase32(data.Slice(at - 56, 56)) && FollowedByBase32(data[(at + AuthPrivate.Length)..], 52)) return true;
            offset = at + 1;
        }
    }

    private static bool IsBase32(ReadOnlySpan<byte> s)
    {
        foreach (var c in s) if (!(c is >= (byte)'a' and <= (byte)'z' || c is >= (byte)'A' and <= (byte)'Z' || c is >= (byte)'2' and <= (byte)'7')) return false;
        return true;
    }

    private static bool FollowedByBase32(ReadOnlySpan<byte> s, int n) => s.Length >= n && IsBase32(s[..n]);

    private static bool FollowedByBase64(ReadOnlySpan<byte> s, int n)
    {
        if (s.Length < n) return false;
        foreach (var c in s[..n]) if (!(char.IsAsciiLetterOrDigit((char)c) || c is (byte)'+' or (byte)'/')) return false;
        return true;
    }
}
