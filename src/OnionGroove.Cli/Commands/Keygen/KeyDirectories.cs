using OnionGroove.Crypto;

namespace OnionGroove.Cli.Commands.Keygen;

/// <summary>
/// Where keygen writes: with one key, --out DIR is the HiddenServiceDir itself; with several,
/// each key gets DIR/&lt;service id&gt;/ so the folder name says which address it holds. Existing
/// key folders are never overwritten.
/// </summary>
internal sealed class KeyDirectories(string root, int count)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Refuses before any work is done when the target already holds something.</summary>
    public void CheckWritable()
    {
        if (File.Exists(Root))
            throw new CliError(ExitCodes.Failure, $"{Root} exists and is a file, not a folder", "choose a folder path for --out");
        if (count == 1 && Directory.Exists(Root) && Directory.EnumerateFileSystemEntries(Root).Any())
            throw new CliError(ExitCodes.Failure, $"{Root} already exists and is not empty; refusing to overwrite a key folder",
                "choose a new folder for --out, or move the old one away first");
    }

    /// <summary>The folder for one key (it must not exist yet, or be empty for a single key).</summary>
    public string For(OnionAddress address) => count == 1 ? Root : Path.Combine(Root, address.ServiceId);

    public void Write(IdentitySecretKey key)
    {
        var dir = For(key.Address);
        if (count > 1 && Directory.Exists(dir))
            throw new CliError(ExitCodes.Failure, $"{dir} already exists; refusing to overwrite a key folder");
        if (count == 1) CheckWritable();
        if (count > 1) Directory.CreateDirectory(Root);
        TorKeyFiles.WriteHiddenServiceDir(dir, key);
    }
}
