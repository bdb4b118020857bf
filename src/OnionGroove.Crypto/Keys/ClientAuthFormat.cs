using System.Diagnostics.CodeAnalysis;
using OnionGroove.Crypto.Encoding;

namespace OnionGroove.Crypto.Keys;

/// <summary>Shared rules of the .auth / .auth_private line formats.</summary>
internal static class ClientAuthFormat
{
    public static bool CheckTypes(string authType, string keyType, [NotNullWhen(false)] out string? error)
    {
        if (authType != ClientAuthPublicKey.AuthType)
        {
            error = $"unsupported auth type \"{authType}\" (only \"descriptor\")";
            return false;
        }
        if (keyType != ClientAuthPublicKey.KeyType)
        {
            error = $"unsupported key type \"{keyType}\" (only \"x25519\")";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>52 base32 characters → 32 bytes; the all-zero key is refused as tor does.</summary>
    public static bool TryDecodeKey(string text, out byte[] bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = [];
        if (text.Length != 52)
        {
            error = $"the key must be 52 base32 characters, got {text.Length}";
            return false;
        }
        if (!Base32.TryDecode(text, out bytes, out error)) return false;
        if (bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            error = "the key is all zeros";
            return false;
        }
        return true;
    }
}
