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
}
