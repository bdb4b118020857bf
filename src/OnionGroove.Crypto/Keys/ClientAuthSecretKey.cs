using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using OnionGroove.Crypto.Encoding;

namespace OnionGroove.Crypto.Keys;

/// <summary>A client's secret key for an authorized-client service (rend-spec-v3
/// [CLIENT-AUTH-MGMT]): what ClientOnionAuthDir/*.auth_private holds as
/// "&lt;address&gt;:descriptor:x25519:&lt;base32 secret&gt;". Zeroed on dispose; never printed.</summary>
public sealed class ClientAuthSecretKey : IDisposable
{
    /// <summary>Wraps <paramref name="key"/> and takes ownership: disposing this disposes it.</summary>
    public ClientAuthSecretKey(X25519SecretKey key)
    {
        Key = key;
        PublicKey = new ClientAuthPublicKey(key.PublicKey);
    }

    public static ClientAuthSecretKey Generate() => new(X25519SecretKey.Generate());

    public X25519SecretKey Key { get; }

    public ClientAuthPublicKey PublicKey { get; }

    /// <summary>X25519 with the descriptor's ephemeral key (desc-auth-ephemeral-key).</summary>
    public byte[] Agree(X25519PublicKey peer) => Key.Agree(peer);

    /// <summary>The secret as base32 (the .auth_private form). Explicit on purpose: it is the
    /// only way the secret leaves this object as text.</summary>
    public string ExportBase32()
    {
        Span<byte> k = stackalloc byte[32];
        try
        {
            Key.ExportSecret(k);
            return Base32.Encode(k);
        }
        finally { CryptographicOperations.ZeroMemory(k); }
    }

    /// <summary>The single line of a .auth_private file (without newline).</summary>
    public string ExportAuthPrivateLine(OnionAddress service) =>
        $"{service.ServiceId}:{ClientAuthPublicKey.AuthType}:{ClientAuthPublicKey.KeyType}:{ExportBase32()}";

    public static bool TryFromBase32(string text, [NotNullWhen(true)] out ClientAuthSecretKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!ClientAuthFormat.TryDecodeKey(text, out var bytes, out error)) return false;
        try { key = new ClientAuthSecretKey(X25519SecretKey.FromBytes(bytes)); }
        finally { CryptographicOperations.ZeroMemory(bytes); }
        return true;
    }

    /// <summary>Parses a .auth_private line "&lt;56-char address&gt;:descriptor:x25519:&lt;base32 secret&gt;".
    /// Errors never contain the secret.</summary>
    public static bool TryParseAuthPrivateLine(string line, out OnionAddress service, [NotNullWhen(true)] out ClientAuthSecretKey? key,
        [NotNullWhen(false)] out string? error)
    {
        service = default;
        key = null;
        var fields = line.Trim().Split(':');
        if (fields.Length != 4)
        {
            error = $"expected 4 ':'-separated fields (<address>:descriptor:x25519:<key>), got {fields.Length}";
            return false;
        }
        if (!ClientAuthFormat.CheckTypes(fields[1], fields[2], out error)) return false;
        if (!TryFromBase32(fields[3], out var parsed, out error)) return false;
        string? addressError = null;
        if (fields[0].EndsWith(".onion", StringComparison.OrdinalIgnoreCase) || !OnionAddress.TryParse(fields[0], out service, out addressError))
        {
            parsed.Dispose();
            error = $"invalid onion address (56 characters without .onion expected): {addressError ?? "it ends in .onion"}";
            return false;
        }
        key = parsed;
        return true;
    }

    public void Dispose() => Key.Dispose();

    public override string ToString() => $"ClientAuthSecretKey({PublicKey.ToBase32()})";
}
