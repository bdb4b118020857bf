using System.Security.Cryptography;
using System.Text;
using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Vault.Operations;

/// <summary>
/// Writes a site's keys as tor HiddenServiceDirs (<c>OUT/frontend</c>, <c>OUT/backends/NAME</c>;
/// folders 0700, files 0600) for those who need files, plus client-auth files
/// (<c>OUT/clients/NAME.auth_private</c> for the clients, <c>OUT/frontend/authorized_clients/NAME.auth</c>
/// for the service). This puts plaintext keys on disk, so it refuses to write inside the vault's
/// working tree and into non-empty folders.
/// </summary>
public static class VaultExport
{
    public sealed record ExportedDir(string Secret, string Directory, string Address);

    private const UnixFileMode PrivateDirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static IReadOnlyList<ExportedDir> Export(TeamVault vault, string siteName, string outDir, IReadOnlyList<VaultIdentity> identities)
    {
        var site = vault.RequireSite(siteName);
        // Where the keys really land: a symlinked path must not lead them into the vault.
        var output = OutputFolder.RealPath(outDir);
        if (OutputFolder.IsInside(output, vault.Root))
            throw new VaultException(VaultErrorKind.Usage, $"{output} is inside the vault's git working tree; plaintext keys must never go there",
                "choose a folder outside the vault, ideally on an encrypted or temporary filesystem");
        var targets = new List<(SecretEntry Entry, string Dir)>
        {
            (new SecretEntry(site, SecretKind.Frontend, "frontend", site.Frontend), Path.Combine(output, "frontend")),
        };
        targets.AddRange(site.Backends.Select(b => (new SecretEntry(site, SecretKind.Backend, b.Name, b.Secret), Path.Combine(output, "backends", b.Name))));
        var folders = targets.Select(t => t.Dir).Append(Path.Combine(output, "clients")).Append(Path.Combine(output, "frontend", "authorized_clients")).ToList();
        // Never through a symlink below the output folder: it would send the keys, and the
        // chmod that follows, wherever it points.
        foreach (var dir in folders)
            if (OutputFolder.PlantedBelow(output, dir) is { } planted)
                throw new VaultException(VaultErrorKind.BadInput, $"{planted}; refusing to write keys through it",
                    "export into a new folder");
        foreach (var dir in folders.Take(targets.Count + 1))
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
                throw new VaultException(VaultErrorKind.Usage, $"{dir} already exists and is not empty", "export into a new folder");

        // Decrypt everything first, so a failure writes nothing at all.
        var keys = new List<(IdentitySecretKey Key, string Dir, string Label)>();
        var clients = new List<(ClientEntry Client, byte[] Line)>();
        try
        {
            foreach (var (entry, dir) in targets) keys.Add((vault.DecryptIdentityKey(entry, identities), dir, entry.Label));
            foreach (var c in site.Clients) clients.Add((c, DecryptClientLine(vault, site, c, identities)));

            CreatePrivateDir(output);
            if (site.Backends.Count > 0) CreatePrivateDir(Path.Combine(output, "backends"));
            var result = new List<ExportedDir>();
            foreach (var (key, dir, label) in keys)
            {
                TorKeyFiles.WriteHiddenServiceDir(dir, key);
                result.Add(new ExportedDir(label, dir, key.Address.ToString()));
            }
            if (clients.Count > 0)
            {
                var authorized = Path.Combine(output, "frontend", "authorized_clients");
                CreatePrivateDir(authorized);
                CreatePrivateDir(Path.Combine(output, "clients"));
                foreach (var (c, line) in clients)
                {
                    WritePrivateFile(Path.Combine(output, "clients", c.Name + ".auth_private"), line);
                    WritePrivateFile(Path.Combine(authorized, c.Name + ".auth"), Encoding.ASCII.GetBytes(c.PublicKey + "\n"));
                    result.Add(new ExportedDir($"{site.Name}/clients/{c.Name}", Path.Combine(output, "clients", c.Name + ".auth_private"), site.Address));
                }
            }
            return result;
        }
        finally
        {
            foreach (var (key, _, _) in keys) key.Dispose();
            foreach (var (_, line) in clients) CryptographicOperations.ZeroMemory(line);
        }
    }

    /// <summary>Decrypts a client's .auth_private line; <see cref="TeamVault.DecryptVerified"/> checks
    /// it belongs to this site and to the public key the manifest records.</summary>
    private static byte[] DecryptClientLine(TeamVault vault, SiteEntry site, ClientEntry c, IReadOnlyList<VaultIdentity> identities) =>
        vault.DecryptVerified(new SecretEntry(site, SecretKind.ClientAuth, c.Name, c.Secret), identities);

    private static void CreatePrivateDir(string dir)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
        else Directory.CreateDirectory(dir, PrivateDirMode);
    }

    private static void WritePrivateFile(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFileMode;
        using var f = new FileStream(path, options);
        f.Write(content);
    }
}
