using OnionGroove.Deploy.Plan;

namespace OnionGroove.Deploy.Placement;

/// <summary>
/// One write of an environment's settings file (<c>NAME.environment.yml</c>), atomic (a temporary
/// file renamed over it) and undoable: <see cref="Undo"/> puts back the bytes it replaced, or
/// removes a file (and inventories folder) it created. <see cref="HostChanges"/> uses it to make
/// a settings edit and a vault commit one change.
/// </summary>
public sealed class SettingsFileWrite
{
    private readonly string _path;
    private readonly string _folder;
    private readonly byte[]? _before;
    private readonly bool _createdFolder;

    private SettingsFileWrite(string path, string folder, byte[]? before, bool createdFolder)
    {
        _path = path;
        _folder = folder;
        _before = before;
        _createdFolder = createdFolder;
    }

    /// <summary>Writes <paramref name="settings"/> to <paramref name="layout"/>'s settings file.</summary>
    public static SettingsFileWrite Write(EnvironmentLayout layout, EnvironmentSettings settings)
    {
        var path = layout.SettingsFile;
        var createdFolder = !Directory.Exists(layout.Inventories);
        Directory.CreateDirectory(layout.Inventories);
        var before = File.Exists(path) ? File.ReadAllBytes(path) : null;
        Replace(path, System.Text.Encoding.UTF8.GetBytes(EnvironmentSettingsFile.Serialize(settings)));
        return new SettingsFileWrite(path, layout.Inventories, before, createdFolder);
    }

    /// <summary>Restores the file as it was before <see cref="Write"/>.</summary>
    public void Undo()
    {
        if (_before is not null) Replace(_path, _before);
        else
        {
            File.Delete(_path);
            if (_createdFolder && !Directory.EnumerateFileSystemEntries(_folder).Any()) Directory.Delete(_folder);
        }
    }

    private static void Replace(string path, byte[] bytes)
    {
        File.WriteAllBytes(path + ".tmp", bytes);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
