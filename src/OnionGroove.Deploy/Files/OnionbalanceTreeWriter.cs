using System.Security.Cryptography;
using System.Text;
using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Deploy.Files;

/// <summary>Writes an <see cref="OnionbalanceTree"/> to disk. The tree holds secret keys, so every
/// folder is 0700 and every file 0600, and nothing is written until every key has been decrypted
/// (a missing identity leaves no half tree behind).</summary>
public static class OnionbalanceTreeWriter
{
    private const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="files"/> below <paramref name="folder"/>. Refuses a folder
    /// that exists and is not empty unless <paramref name="force"/> (then files are replaced).
    /// <paramref name="secret"/> gives each secret file's bytes (a tor key file or a signing bundle, made in memory
    /// from the vault); they are zeroed after use.</summary>
    /// <returns>The paths written, or why nothing was (the folder is unusable).</returns>
    public static Result<IReadOnlyList<string>, Problem> Write(string folder, IReadOnlyList<TreeFile> files, Func<TreeKey, byte[]> secret, bool force)
    {
        if (File.Exists(folder)) return new Problem($"{folder} is a file, not a folder");
        // Keys must never be written (nor a folder chmod-ed) through a symlink planted below the folder.
        foreach (var f in files)
            if (OutputFolder.PlantedBelow(folder, Path.GetDirectoryName(Path.Combine(folder, f.RelativePath))!) is { } planted)
                return new Problem($"{planted}; refusing to write keys through it");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !force)
            return new Problem($"{folder} is not empty");

        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            foreach (var f in files)
            {
                if (f.Key is null) { contents[f.RelativePath] = Encoding.UTF8.GetBytes(f.Text ?? ""); continue; }
                contents[f.RelativePath] = secret(f.Key);
            }

            CreateFolder(folder);
            var written = new List<string>();
            foreach (var f in files)
            {
                var path = Path.Combine(folder, f.RelativePath);
                var parent = Path.GetDirectoryName(path)!;
                // Create each folder level ourselves so each gets 0700, not the umask's mode.
                foreach (var level in Levels(folder, parent)) CreateFolder(level);
                WriteFile(path, contents[f.RelativePath]);
                written.Add(path);
            }
            return Result<IReadOnlyList<string>, Problem>.Success(written);
        }
        finally
        {
            foreach (var bytes in contents.Values) CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static IEnumerable<string> Levels(string root, string folder)
    {
        var relative = Path.GetRelativePath(root, folder);
        if (relative == ".") yield break;
        var current = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            yield return current;
        }
    }

    private static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(path); return; }
        if (!Directory.Exists(path)) Directory.CreateDirectory(path, FolderPermissions);
        File.SetUnixFileMode(path, FolderPermissions);
    }

    /// <summary>Replaces the file via a temporary name created 0600, so the secret is never readable by others.</summary>
    private static void WriteFile(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FilePermissions;
        using (var s = new FileStream(temp, options))
        {
            s.Write(bytes);
            s.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, FilePermissions);
        File.Move(temp, path, overwrite: true);
    }
}
