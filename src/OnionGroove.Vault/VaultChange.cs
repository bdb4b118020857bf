using System.Security.Cryptography;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Vault;

/// <summary>
/// One logical change to the vault: new ciphertexts to write, files to delete, and the manifest
/// after the change. Applied by <see cref="TeamVault.Apply"/> as exactly one git commit.
/// </summary>
public sealed class VaultChange(VaultManifest manifest, string message)
{
    public VaultManifest Manifest { get; } = manifest;

    /// <summary>The commit message, e.g. "site add news: frontend + 3 backends".</summary>
    public string Message { get; } = message;

    /// <summary>Vault-relative path → new .age bytes (ciphertext only; never plaintext).</summary>
    public Dictionary<string, byte[]> Writes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Deletes { get; } = new(StringComparer.Ordinal);

    /// <summary>The one way a secret gets new contents: <paramref name="plaintext"/> sealed to every
    /// member of <paramref name="team"/> as <paramref name="secret"/>'s file, the manifest told whom
    /// it is sealed to, and the plaintext zeroed (also when sealing fails).</summary>
    internal void Seal(SealedSecret secret, byte[] plaintext, IReadOnlyList<TeamMember> team)
    {
        try
        {
            Writes[secret.Path] = SecretSealer.Seal(plaintext, team);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
        secret.SealedTo = [.. team.Select(m => m.Name)];
    }

    /// <summary>Seals an onion identity key as tor's hs_ed25519_secret_key file.</summary>
    internal void Seal(SealedSecret secret, IdentitySecretKey key, IReadOnlyList<TeamMember> team) =>
        Seal(secret, TorKeyFiles.FormatSecretKey(key), team);
}
