using System.CommandLine;
using OnionGroove.Deploy.Plan;

namespace OnionGroove.Cli.Commands.Deploy;

/// <summary>Options shared by render and host: which environment, where inventories live.</summary>
internal static class DeployCli
{
    public const string DefaultEnvironment = "production";

    public static Option<string> EnvOption() => new("--env", "-e")
    {
        Description = "Environment: the inventory folder inventories/NAME",
        DefaultValueFactory = _ => DefaultEnvironment,
    };

    public static Option<string> InventoriesOption() => new("--inventories")
    {
        Description = "Folder holding one inventory per environment",
        DefaultValueFactory = _ => "inventories",
    };

    /// <summary>The environment folder after checking the name (it becomes a path).</summary>
    public static string EnvironmentFolder(ParseResult pr, Option<string> env, Option<string> inventories)
    {
        var name = pr.GetValue(env)!;
        if (!Names.IsValid(name)) throw new CliError(ExitCodes.Usage, $"environment name '{name}' is invalid: {Names.Rule}");
        return Path.Combine(pr.GetValue(inventories)!, name);
    }

    public static EnvironmentSettings ReadSettings(string folder)
    {
        var path = Path.Combine(folder, EnvironmentSettingsFile.FileName);
        var parsed = EnvironmentSettingsFile.Read(path);
        return parsed.Settings ?? throw new CliError(ExitCodes.BadInput, $"{path}: {parsed.Error}");
    }

    /// <summary>Writes environment.yml atomically.</summary>
    public static void WriteSettings(string folder, EnvironmentSettings settings)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, EnvironmentSettingsFile.FileName);
        File.WriteAllText(path + ".tmp", EnvironmentSettingsFile.Serialize(settings));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
