using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;
using OnionGroove.Vault.Secrets;

namespace OnionGroove.Vault;

public sealed partial class TeamVault
{
    /// <summary>Finds a site or fails with a Usage error naming the known sites.</summary>
    public SiteEntry RequireSite(string name) => Manifest.FindSite(name) ?? throw new VaultException(VaultErrorKind.Usage,
        $"no site named '{name}' in the vault",
        Manifest.Sites.Count == 0 ? "the vault has no sites yet: oniongroove site add NAME" : "known sites: " + string.Join(", ", Manifest.Sites.Select(s => s.Name)));

    /// <summary>
    /// Decrypts one secret's file to memory. The caller owns the buffer and must zero it
    /// (<see cref="CryptographicOperations.ZeroMemory"/>).
    /// </summary>
    public byte[] DecryptSecretBytes(SecretEntry entry, IReadOnlyList<VaultIdentity> identities)
    {
        var path = FullPath(entry.Secret.Path);
        if (!File.Exists(path))
            throw new VaultException(VaultErrorKind.BadInput, $"{entry.Label}: {entry.Secret.Path} is missing from the vault",
                "restore it from git history or another clone");
        return SecretSealer.Open(File.ReadAllBytes(path), identities, $"{entry.Label} ({entry.Secret.Path})", entry.Secret.SealedTo);
    }

    /// <summary>
    /// Decrypts a frontend or backend key and checks it is the key of the address the manifest
    /// records (so a swapped or replaced file cannot pass unnoticed).
    /// </summary>
    public IdentitySecretKey DecryptIdentityKey(SecretEntry entry, IReadOnlyList<VaultIdentity> identities)
    {
        if (entry.Kind == SecretKind.ClientAuth)
            throw new VaultException(VaultErrorKind.Usage, $"{entry.Label} is a client authorization key, not an onion identity key");
        var bytes = DecryptSecretBytes(entry, identities);
        try
        {
            if (!TorSecretKeyFormat.TryGetExpanded(bytes, out var expanded, out var error))
                throw new VaultException(VaultErrorKind.BadInput, $"{entry.Label}: {error}");
            var key = IdentitySecretKey.FromExpanded(expanded);
            var expected = AddressOf(entry);
            if (!string.Equals(key.Address.ToString(), expected, StringComparison.OrdinalIgnoreCase))
            {
                key.Dispose();
                throw new VaultException(VaultErrorKind.BadInput,
                    $"{entry.Label} holds the key of {key.Address}, but the manifest says {expected}",
                    "the file was replaced or the manifest edited; check `git log -p` for this path");
            }
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Convenience: the frontend (site) key of <paramref name="site"/>.</summary>
    public IdentitySecretKey DecryptFrontendKey(string site, IReadOnlyList<VaultIdentity> identities)
    {
        var s = RequireSite(site);
        return DecryptIdentityKey(new SecretEntry(s, SecretKind.Frontend, "frontend", s.Frontend), identities);
    }

    /// <summary>Convenience: the key of backend <paramref name="backend"/> of <paramref name="site"/>.</summary>
    public IdentitySecretKey DecryptBackendKey(string site, string backend, IReadOnlyList<VaultIdentity> identities)
    {
        var s = RequireSite(site);
        var b = s.FindBackend(backend) ?? throw new VaultException(VaultErrorKind.Usage, $"site '{site}' has no backend '{backend}'");
        return DecryptIdentityKey(new SecretEntry(s, SecretKind.Backend, b.Name, b.Secret), identities);
    }

    private static string AddressOf(SecretEntry e) => e.Kind switch
    {
        SecretKind.Frontend => e.Site.Address,
        SecretKind.Backend => e.Site.FindBackend(e.Name)!.Address,
        _ => "",
    };

    /// <summary>A deep copy of the manifest to edit; the live one changes only once a commit succeeds.</summary>
    internal VaultManifest CopyManifest() => ManifestFile.Parse(ManifestFile.Serialize(Manifest)).Manifest
        ?? throw new VaultException(VaultErrorKind.Failure, "internal error: manifest round trip failed");
}
