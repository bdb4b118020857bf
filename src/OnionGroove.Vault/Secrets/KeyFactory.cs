using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Vault.Secrets;

/// <summary>Makes new onion keys and seals them, never letting plaintext reach the disk.</summary>
internal static class KeyFactory
{
    /// <summary>A new identity key; with a prefix, one whose address starts with it (vanity search).</summary>
    public static IdentitySecretKey NewIdentityKey(string? prefix, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(prefix)) return IdentitySecretKey.Generate();
        return VanityKeys.Find(prefix, ct);
    }

    /// <summary>Seals the key as tor's hs_ed25519_secret_key bytes to every member.</summary>
    public static byte[] Seal(IdentitySecretKey key, IReadOnlyList<TeamMember> team)
    {
        var file = TorKeyFiles.FormatSecretKey(key);
        try { return SecretSealer.Seal(file, team); }
        finally { CryptographicOperations.ZeroMemory(file); }
    }
}
