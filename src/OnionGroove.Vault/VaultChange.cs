using OnionGroove.Vault.Manifest;

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
}
