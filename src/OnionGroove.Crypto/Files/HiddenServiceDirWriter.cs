using System.Security.Cryptography;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Files;

/// <summary>Creates tor's HiddenServiceDir files exclusively and atomically (see
/// <see cref="TorKeyFiles.WriteHiddenServiceDir"/>).</summary>
internal static class HiddenServiceDirWriter
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string directory, IdentitySecretKey key)
    {
        directory = Path.GetFullPath(directory);
        string[] names = [TorKeyFiles.SecretKeyFileName, TorKeyFiles.PublicKeyFileName, TorKeyFiles.HostnameFileName];
        if (File.Exists(directory)) throw new IOException($"{directory} exists and is not a directory");
        if (Directory.Exists(directory))
        {
            foreach (var name in names)
                if (File.Exists(Path.Combine(directory, name)) || Directory.Exists(Path.Combine(directory, name)))
                    throw new IOException($"{directory} already contains {name}; refusing to overwrite an onion service key");
        }
        else
        {
            var parent = Path.GetDirectoryName(directory);
            if (!string.IsNullOrEmpty(parent)) Directory.CreateDirectory(parent);
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, DirectoryMode);
        }
        // tor refuses a HiddenServiceDir that group or others can read.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(directory, DirectoryMode);

        var secret = TorKeyFiles.FormatSecretKey(key);
        var created = new List<string>();
        try
        {
            Place(directory, TorKeyFiles.SecretKeyFileName, secret, created);
            Place(directory, TorKeyFiles.PublicKeyFileName, TorKeyFiles.FormatPublicKey(key.PublicKey), created);
            Place(directory, TorKeyFiles.HostnameFileName, System.Text.Encoding.ASCII.GetBytes(TorKeyFiles.FormatHostname(key.Address)), created);
        }
        catch
        {
            // All or nothing: remove what this call created, never anything that was there before.
            foreach (var path in created) TryDelete(path);
            throw;
        }
        finally { CryptographicOperations.ZeroMemory(secret); }
    }

    private static void Place(string directory, string name, byte[] content, List<string> created)
    {
        var final = Path.Combine(directory, name);
        var temporary = Path.Combine(directory, $".{name}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode600;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            // Without overwrite, .NET links the new name (fails if it exists) then unlinks the old.
            File.Move(temporary, final, overwrite: false);
            created.Add(final);
        }
        finally { TryDelete(temporary); }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
