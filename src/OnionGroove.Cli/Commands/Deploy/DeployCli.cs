using System.CommandLine;
using OnionGroove.Cli.Commands.Vault;
using OnionGroove.Deploy.Plan;

namespace OnionGroove.Cli.Commands.Deploy;

/// <summary>Options shared by render and host: which environment, where inventories live.</summary>
internal static class DeployCli
{
    public const string DefaultEnvironment = "production";

    public static Option<string> EnvOption() => new("--env", "-e")
    {
        Description = "Environment: settings in inventories/NAME.environment.yml, Ansible inventory in inventories/NAME/",
        DefaultValueFactory = _ => DefaultEnvironment,
    };

    public static Option<string> InventoriesOption() => new("--inventories")
    {
        Description = "Folder holding each environment's settings (NAME.environment.yml) and inventory (NAME/)",
        DefaultValueFactory = _ => "inventories",
    };

    /// <summary>The environment's files after checking the name (it becomes a path). Settings an
    /// older release kept inside the inventory folder are moved beside it, with a note.</summary>
    public static EnvironmentLayout Environment(ParseResult pr, Option<string> env, Option<string> inventories)
    {
        var name = pr.GetValue(env)!;
        if (!Names.IsValid(name)) throw new CliError(ExitCodes.Usage, $"environment name '{name}' is invalid: {Names.Rule}");
        var layout = new EnvironmentLayout(pr.GetValue(inventories)!, name);
        switch (layout.MoveOldSettings())
        {
            case EnvironmentLayout.Migration.Moved:
                VaultCli.Err(pr).WriteLine($"oniongroove: moved {layout.OldSettingsFile} to {layout.SettingsFile}: " +
                                           $"Ansible reads every file in {layout.InventoryFolder} as inventory; commit the move");
                break;
            case EnvironmentLayout.Migration.BothExist:
                throw new CliError(ExitCodes.Conflict,
                    $"{layout.OldSettingsFile} and {layout.SettingsFile} both exist; oniongroove reads only {layout.SettingsFile}",
                    $"merge what {layout.OldSettingsFile} adds into {layout.SettingsFile}, then delete {layout.OldSettingsFile} (Ansible reads it as inventory)");
        }
        return layout;
    }

    public static EnvironmentSettings ReadSettings(EnvironmentLayout layout)
    {
        var path = layout.SettingsFile;
        return EnvironmentSettingsFile.Read(path).TryGet(out var settings, out var problem)
            ? settings : throw new CliError(ExitCodes.BadInput, $"{path}: {problem}");
    }
}
