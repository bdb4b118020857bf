using System.Diagnostics.CodeAnalysis;
using OnionGroove.Crypto.Encoding;

namespace OnionGroove.Crypto.Keys;

/// <summary>An authorized client's public key (rend-spec-v3 [CLIENT-AUTH-MGMT]): what a service
/// lists in HiddenServiceDir/authorized_clients/*.auth as "descriptor:x25519:&lt;base32&gt;".</summary>
public sealed class ClientAuthPublicKey : IEquatable<ClientAuthPublicKey>
{
    internal const string AuthType = "descriptor";
    internal const string KeyType = "x25519";

    public ClientAuthPublicKey(X25519PublicKey key) => Key = key;

    public X25519PublicKey Key { get; }

    /// <summary>The key as 52 base32 characters, lowercase, unpadded.</summary>
    public string ToBase32() => Base32.Encode(Key.AsSpan());

    /// <summary>The single line of a .auth file (without newline).</summary>
    public string ToAuthFileLine() => $"{AuthType}:{KeyType}:{ToBase32()}";

    public static bool TryFromBase32(string text, [NotNullWhen(true)] out ClientAuthPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!ClientAuthFormat.TryDecodeKey(text, out var bytes, out error)) return false;
        key = new ClientAuthPublicKey(X25519PublicKey.FromBytes(bytes));
        return true;
    }

    /// <summary>Parses a .auth line "descriptor:x25519:&lt;base32 public key&gt;" (surrounding
    /// whitespace allowed).</summary>
    public static bool TryParseAuthFileLine(string line, [NotNullWhen(true)] out ClientAuthPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        var fields = line.Trim().Split(':');
        if (fields.Length != 3)
        {
            error = $"expected 3 ':'-separated fields (descriptor:x25519:<key>), got {fields.Length}";
            return false;
        }
        if (!ClientAuthFormat.CheckTypes(fields[0], fields[1], out error)) return false;
        return TryFromBase32(fields[2], out key, out error);
    }

    /// <summary>A key as a person or the vault manifest records it: a whole .auth line or the bare
    /// base32 key, in either case (RFC 4648 and tor's decoder ignore case).</summary>
    public static bool TryParseLineOrBase32(string text, [NotNullWhen(true)] out ClientAuthPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        var t = text.Trim();
        return t.Contains(':') ? TryParseAuthFileLine(t, out key, out error) : TryFromBase32(t, out key, out error);
    }

    public bool Equals(ClientAuthPublicKey? other) => other is not null && Key.Equals(other.Key);
    public override bool Equals(object? obj) => Equals(obj as ClientAuthPublicKey);
    public override int GetHashCode() => Key.GetHashCode();
    public override string ToString() => ToAuthFileLine();
}
