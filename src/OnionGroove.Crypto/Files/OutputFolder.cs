namespace OnionGroove.Crypto.Files;

/// <summary>
/// Checks for folders that are about to receive plaintext keys: where they really are (every
/// symlink resolved), and that nothing below them is a symlink someone planted to send the keys
/// (and a chmod) elsewhere.
/// </summary>
public static class OutputFolder
{
    /// <summary>The absolute path with every existing symlink resolved; the part that does not
    /// exist yet is appended as given.</summary>
    public static string RealPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var missing = new Stack<string>();
        var existing = full;
        while (!Path.Exists(existing) && !IsSymlink(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null) break;
            missing.Push(Path.GetFileName(existing));
            existing = parent;
        }
        var real = Resolve(existing) ?? existing;
        while (missing.Count > 0) real = Path.Combine(real, missing.Pop());
        return real;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or below it, after
    /// resolving symlinks in both (so a symlinked path cannot slip inside unnoticed).</summary>
    public static bool IsInside(string path, string folder)
    {
        var p = RealPath(path) + Path.DirectorySeparatorChar;
        var f = RealPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return p.StartsWith(f, StringComparison.Ordinal);
    }

    /// <summary>The first existing symlink, or non-folder, at or below <paramref name="root"/> on the
    /// way to <paramref name="path"/> (root itself excluded: the user chose it), or null.</summary>
    public static string? PlantedBelow(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == ".") return null;
        var current = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            if (IsSymlink(current)) return $"{current} is a symbolic link";
            if (File.Exists(current)) return $"{current} is a file, not a folder";
            if (!Directory.Exists(current)) return null;
        }
        return null;
    }

    private static bool IsSymlink(string path)
    {
        try { return new FileInfo(path).LinkTarget is not null; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static string? Resolve(string existing)
    {
        if (LinuxFiles.Available) return LinuxFiles.TryRealPath(existing);
        try
        {
            var info = Directory.Exists(existing) ? (FileSystemInfo)new DirectoryInfo(existing) : new FileInfo(existing);
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
        }
        catch (IOException) { return null; }
    }
}
