namespace OnionGroove.Deploy.Inventory;

/// <summary>Writes rendered inventory files into a folder, touching only files whose bytes change,
/// and removes rendered files (recognised by their header) that the plan no longer produces.
/// Hand-written files (vars files without the header) are never touched.</summary>
public static class InventoryWriter
{
    public sealed record Result(IReadOnlyList<string> Written, IReadOnlyList<string> Removed, IReadOnlyList<string> Unchanged);

    public static Result Write(string folder, IReadOnlyDictionary<string, string> files)
    {
        var written = new List<string>();
        var unchanged = new List<string>();
        foreach (var (relative, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(path) && File.ReadAllText(path) == content) { unchanged.Add(relative); continue; }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Write beside, then rename: a reader never sees half a file.
            var temp = path + ".tmp";
            File.WriteAllText(temp, content);
            File.Move(temp, path, overwrite: true);
            written.Add(relative);
        }

        var removed = new List<string>();
        foreach (var sub in new[] { "host_vars", "group_vars" })
        {
            var dir = Path.Combine(folder, sub);
            if (!Directory.Exists(dir)) continue;
            foreach (var path in Directory.GetFiles(dir, "*.yml").Order(StringComparer.Ordinal))
            {
                var relative = $"{sub}/{Path.GetFileName(path)}";
                if (files.ContainsKey(relative) || !IsRendered(path)) continue;
                File.Delete(path);
                removed.Add(relative);
            }
        }
        return new Result(written, removed, unchanged);
    }

    private static bool IsRendered(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine() + "\n" == InventoryRenderer.Header;
    }
}
