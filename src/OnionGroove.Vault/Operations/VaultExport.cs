using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Vault.Operations;

/// <summary>
/// Writes a site's keys as tor HiddenServiceDirs (<c>OUT/frontend</c>, <c>OUT/backends/NAME</c>;
/// folders 0700, files 0600) for those who need files. This puts plaintext keys on disk, so it
/// refuses to write inside the vault's working tree and into non-empty folders.
/// </summary>
public static class VaultExport
{
    public sealed record ExportedDir(string Secret, string Directory, string Address);

    public static IReadOnlyList<ExportedDir> Export(TeamVault vault, string siteName, string outDir, IReadOnlyList<VaultIdentity> identities)
    {
        var site = vault.RequireSite(siteName);
        var output = Path.GetFullPath(outDir);
        var root = vault.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if ((output + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal))
            throw new VaultException(VaultErrorKind.Usage, $"{output} is inside the vault's git working tree; plaintext keys must never go there",
                "choose a folder outside the vault, ideally on an encrypted or temporary filesystem");
        var targets = new List<(SecretEntry Entry, string Dir)>
        {
            (new SecretEntry(site, SecretKind.Frontend, "frontend", site.Frontend), Path.Combine(output, "frontend")),
        };
        targets.AddRange(site.Backends.Select(b => (new SecretEntry(site, SecretKind.Backend, b.Name, b.Secret), Path.Combine(output, "backends", b.Name))));
        foreach (var (_, dir) in targets)
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
                throw new VaultException(VaultErrorKind.Usage, $"{dir} already exists and is not empty", "export into a new folder");

        // Decrypt everything first, so a failure writes nothing at all.
        var keys = new List<(IdentitySecretKey Key, string Dir, string Label)>();
        try
        {
            foreach (var (entry, dir) in targets) keys.Add((vault.DecryptIdentityKey(entry, identities), dir, entry.Label));
            CreatePrivateDir(output);
            if (site.Backends.Count > 0) CreatePrivateDir(Path.Combine(output, "backends"));
            var result = new List<ExportedDir>();
            foreach (var (key, dir, label) in keys)
            {
                TorKeyFiles.WriteHiddenServiceDir(dir, key);
                result.Add(new ExportedDir(label, dir, key.Address.ToString()));
            }
            return result;
        }
        finally
        {
            foreach (var (key, _, _) in keys) key.Dispose();
        }
    }

    private static void CreatePrivateDir(string dir)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
        else Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
