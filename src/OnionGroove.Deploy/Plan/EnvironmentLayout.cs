namespace OnionGroove.Deploy.Plan;

/// <summary>
/// Where an environment's files live in the inventories folder: <c>NAME/</c> is the Ansible
/// inventory (rendered hosts.yml, group_vars, host_vars, plus hand-written vars files) and
/// <c>NAME.environment.yml</c> beside it holds the hand-edited settings. The settings stay out of
/// the inventory folder because Ansible parses every file in it as inventory: an environment.yml
/// there made every run warn ("Skipping 'version' as this is not a valid group definition") and
/// created empty groups <c>hosts</c> and <c>sites</c>.
/// </summary>
public sealed record EnvironmentLayout(string Inventories, string Name)
{
    public const string SettingsSuffix = ".environment.yml";

    /// <summary>The settings' name inside the inventory folder, where older releases kept them.</summary>
    public const string OldSettingsName = "environment.yml";

    public enum Migration { None, Moved, BothExist }

    public string InventoryFolder => Path.Combine(Inventories, Name);
    public string SettingsFile => Path.Combine(Inventories, Name + SettingsSuffix);
    public string OldSettingsFile => Path.Combine(InventoryFolder, OldSettingsName);

    /// <summary>Moves settings an older release left inside the inventory folder to their place
    /// beside it. With both files present nothing moves: which one is right needs a person.</summary>
    public Migration MoveOldSettings()
    {
        if (!File.Exists(OldSettingsFile)) return Migration.None;
        if (File.Exists(SettingsFile)) return Migration.BothExist;
        File.Move(OldSettingsFile, SettingsFile);
        return Migration.Moved;
    }
}
