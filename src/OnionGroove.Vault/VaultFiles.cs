namespace OnionGroove.Vault;

/// <summary>
/// Files and folders the vault creates get explicit owner-only modes (0600, 0700) instead of
/// whatever the umask allows: under umask 000 the manifest would be world-writable, and it names
/// who can read every key. Git's own files get the same through core.sharedRepository=0600.
/// </summary>
internal static class VaultFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates (or replaces) <paramref name="path"/> with <paramref name="bytes"/>, mode 0600.</summary>
    public static void Write(string path, byte[] bytes)
    {
        // An existing file would keep its old mode: open(O_CREAT) sets the mode only when creating.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        using var f = new FileStream(path, options);
        f.Write(bytes);
    }

    public static void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Creates the folder and any missing parents, each 0700 (existing ones are left alone).</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, FolderMode);
    }
}
