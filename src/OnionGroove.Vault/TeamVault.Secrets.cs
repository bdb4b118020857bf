using System.Security.Cryptography;
using OnionGroove.Core.IO;
using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Vault;

public sealed partial class TeamVault
{
    /// <summary>Finds a site or fails with a Usage error naming the known sites.</summary>
    public SiteEntry RequireSite(string name) => Manifest.FindSite(name) ?? throw new VaultException(VaultErrorKind.Usage,
        $"no site named '{name}' in the vault",
        Manifest.Sites.Count == 0 ? "the vault has no sites yet: oniongroove site add NAME" : "known sites: " + string.Join(", ", Manifest.Sites.Select(s => s.Name)));

    /// <summary>
    /// Reads one secret's sealed file: it must be a regular file of at most
    /// <see cref="SecretCheck.MaxSealedBytes"/>, with no symlink anywhere below the vault's root
    /// (a hostile commit could otherwise make every teammate read /dev/zero or another file).
    /// </summary>
    /// <exception cref="VaultException">BadInput, naming the file and what is wrong with it.</exception>
    public byte[] ReadSealedFile(SecretEntry entry)
    {
        if (SafeFile.ReadBelow(Root, entry.Secret.Path, SecretCheck.MaxSealedBytes).TryGet(out var bytes, out var error))
            return bytes;
        throw error.Kind == SafeReadFailure.Missing
            ? new VaultException(VaultErrorKind.BadInput, $"{entry.Label}: {entry.Secret.Path} is missing from the vault",
                "restore it from git history or another clone")
            : new VaultException(VaultErrorKind.BadInput, $"{entry.Label}: {error.Message}",
                "a secret must be a regular .age file; check `git log -p` for this path and restore it from git history");
    }

    /// <summary>
    /// Decrypts one secret's file to memory, without checking what it holds (see
    /// <see cref="DecryptVerified"/>). The caller owns the buffer and must zero it
    /// (<see cref="CryptographicOperations.ZeroMemory"/>).
    /// </summary>
    public byte[] DecryptSecretBytes(SecretEntry entry, IReadOnlyList<VaultIdentity> identities) =>
        SecretSealer.Open(ReadSealedFile(entry), identities, $"{entry.Label} ({entry.Secret.Path})", entry.Secret.SealedTo);

    /// <summary>
    /// Decrypts a secret and checks it is what the manifest says it is (<see cref="SecretCheck"/>):
    /// the key of the recorded address, or this site's client line with the recorded public key.
    /// The caller zeroes the returned buffer.
    /// </summary>
    public byte[] DecryptVerified(SecretEntry entry, IReadOnlyList<VaultIdentity> identities)
    {
        var bytes = DecryptSecretBytes(entry, identities);
        if (SecretCheck.Problem(entry, bytes) is not { } problem) return bytes;
        CryptographicOperations.ZeroMemory(bytes);
        throw new VaultException(VaultErrorKind.BadInput, $"{entry.Label}: {problem}",
            "the file was replaced or the manifest edited; check `git log -p` for this path");
    }

    /// <summary>
    /// Decrypts a frontend or backend key and checks it is the key of the address the manifest
    /// records (so a swapped or replaced file cannot pass unnoticed).
    /// </summary>
    public IdentitySecretKey DecryptIdentityKey(SecretEntry entry, IReadOnlyList<VaultIdentity> identities)
    {
        if (entry.Kind is SecretKind.ClientAuth or SecretKind.MeshClient)
            throw new VaultException(VaultErrorKind.Usage, $"{entry.Label} is a client authorization key, not an onion identity key");
        var bytes = DecryptVerified(entry, identities);
        try
        {
            // DecryptVerified has checked the format, so this cannot fail.
            return TorKeyFiles.ParseSecretKey(bytes).Value;
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

    /// <summary>A deep copy of the manifest to edit; the live one changes only once a commit succeeds.</summary>
    internal VaultManifest CopyManifest() => ManifestFile.Parse(ManifestFile.Serialize(Manifest)).ValueOrDefault
        ?? throw new VaultException(VaultErrorKind.Failure, "internal error: manifest round trip failed");
}
