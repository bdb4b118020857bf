using OnionGroove.Core;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Files;

/// <summary>
/// Where generated identity keys go as tor HiddenServiceDirs: with one key, the root is the
/// HiddenServiceDir itself; with several, each key gets ROOT/&lt;service id&gt;/ so the folder
/// name says which address it holds. Existing key folders are never overwritten.
/// </summary>
public sealed class KeyFolders(string root, int count)
{
    public enum RefusalKind
    {
        /// <summary>The root is a file.</summary>
        IsAFile,
        /// <summary>The root of a single key already holds something.</summary>
        NotEmpty,
        /// <summary>One key's folder (of several) already exists.</summary>
        Exists,
    }

    /// <summary>Why nothing was written, and where.</summary>
    public sealed record Refusal(RefusalKind Kind, string Path);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Refuses before any work is done when the target already holds something.</summary>
    public Refusal? CheckWritable()
    {
        if (File.Exists(Root)) return new Refusal(RefusalKind.IsAFile, Root);
        if (count == 1 && Directory.Exists(Root) && Directory.EnumerateFileSystemEntries(Root).Any())
            return new Refusal(RefusalKind.NotEmpty, Root);
        return null;
    }

    /// <summary>The folder for one key (it must not exist yet, or be empty for a single key).</summary>
    public string For(OnionAddress address) => count == 1 ? Root : Path.Combine(Root, address.ServiceId);

    /// <summary>Writes <paramref name="key"/> into its folder; the folder written, or why not.</summary>
    public Result<string, Refusal> Write(IdentitySecretKey key)
    {
        var dir = For(key.Address);
        if (count > 1 && Directory.Exists(dir)) return new Refusal(RefusalKind.Exists, dir);
        if (count == 1 && CheckWritable() is { } refused) return refused;
        if (count > 1) Directory.CreateDirectory(Root);
        TorKeyFiles.WriteHiddenServiceDir(dir, key);
        return dir;
    }
}
