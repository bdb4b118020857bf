using System.CommandLine;
using System.Security.Cryptography;
using OnionGroove.Cli.Commands.Vault;
using OnionGroove.Crypto;
using OnionGroove.Deploy.Inventory;
using OnionGroove.Deploy.Plan;
using OnionGroove.Vault;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Cli.Commands.Deploy;

/// <summary>`oniongroove render [--env NAME]` writes inventories/NAME/ from the vault and inventories/NAME.environment.yml;
/// `oniongroove render --files DIR` writes Onionbalance's plain tree instead (see FilesTreeCommand);
/// `oniongroove render key LABEL` prints one key for Ansible's oniongroove_key lookup.</summary>
internal static class RenderCommand
{
    public static Command Create(Option<string?> vault, Option<string[]> identity)
    {
        var env = DeployCli.EnvOption();
        var inventories = DeployCli.InventoriesOption();
        var json = VaultCli.JsonOption();
        var files = FilesTreeCommand.Create();
        var render = new Command("render", "Write the Ansible inventory of an environment (hosts.yml, group_vars, host_vars) from the vault, " +
                                           "or with --files Onionbalance's plain tree with decrypted keys")
        {
            env, inventories, json, files.Files, files.Force, files.Sites, files.BundleDays,
        };
        render.SetAction(VaultCli.Action(pr =>
        {
            var layout = DeployCli.Environment(pr, env, inventories);
            if (pr.GetValue(files.Files) is { } tree)
                return FilesTreeCommand.Run(pr, files, tree, layout, vault, identity, pr.GetValue(json));
            if (pr.GetValue(files.Force) || pr.GetValue(files.Sites) is { Length: > 0 })
                throw new CliError(ExitCodes.Usage, "--force and --site go with --files DIR");
            var settings = DeployCli.ReadSettings(layout);
            var folder = layout.InventoryFolder;
            var v = VaultCli.Open(pr, vault);
            if (!PlanBuilder.Build(pr.GetValue(env)!, v.Manifest, settings).TryGet(out var plan, out var problems))
            {
                foreach (var p in problems.Skip(1)) VaultCli.Err(pr).WriteLine($"oniongroove: {p}");
                throw new CliError(ExitCodes.BadInput, problems[0].Message, $"edit {layout.SettingsFile} or place backends with `oniongroove host add`");
            }
            var result = InventoryWriter.Write(folder, InventoryRenderer.Render(plan));
            if (pr.GetValue(json))
            {
                VaultCli.WriteJson(pr, new { environment = plan.Environment, folder, written = result.Written, removed = result.Removed, unchanged = result.Unchanged });
                return ExitCodes.Ok;
            }
            foreach (var f in result.Written) VaultCli.Out(pr).WriteLine($"wrote {Path.Combine(folder, f)}");
            foreach (var f in result.Removed) VaultCli.Out(pr).WriteLine($"removed {Path.Combine(folder, f)}");
            if (result.Written.Count + result.Removed.Count == 0) VaultCli.Out(pr).WriteLine($"{folder} is up to date");
            return ExitCodes.Ok;
        }));
        render.Subcommands.Add(Key(vault, identity));
        return render;
    }

    /// <summary>Prints a frontend or backend key as tor's hs_ed25519_secret_key file, base64, on
    /// stdout, for the oniongroove_key lookup: it never touches the disk.</summary>
    private static Command Key(Option<string?> vault, Option<string[]> identity)
    {
        var label = new Argument<string>("LABEL") { Description = "Key label: SITE/frontend or SITE/backends/NAME" };
        var key = new Command("key", "Print one onion key (tor's key file, base64) for Ansible; treat the output as secret") { label };
        key.SetAction(VaultCli.Action(pr =>
        {
            var v = VaultCli.Open(pr, vault);
            var wanted = pr.GetValue(label)!;
            var entry = v.Manifest.AllSecrets().FirstOrDefault(e => e.Label == wanted && e.Kind is SecretKind.Frontend or SecretKind.Backend)
                ?? throw new CliError(ExitCodes.Usage, $"no key labelled '{wanted}' in the vault",
                    "labels: " + string.Join(", ", v.Manifest.AllSecrets().Where(e => e.Kind is SecretKind.Frontend or SecretKind.Backend).Select(e => e.Label)));
            using var secret = v.DecryptIdentityKey(entry, VaultCli.Identities(pr, identity));
            var file = TorKeyFiles.FormatSecretKey(secret);
            try { VaultCli.Out(pr).WriteLine(Convert.ToBase64String(file)); }
            finally { CryptographicOperations.ZeroMemory(file); }
            return ExitCodes.Ok;
        }));
        return key;
    }
}
