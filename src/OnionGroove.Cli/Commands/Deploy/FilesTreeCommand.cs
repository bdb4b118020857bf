using System.CommandLine;
using OnionGroove.Cli.Commands.Vault;
using OnionGroove.Crypto;
using OnionGroove.Deploy.Files;
using OnionGroove.Deploy.Plan;
using OnionGroove.Crypto.Files;
using OnionGroove.Descriptors.Offline;

namespace OnionGroove.Cli.Commands.Deploy;

/// <summary>`oniongroove render --files DIR`: Onionbalance's plain tree (master/, one folder per
/// backend) with decrypted keys, for teams without Ansible.</summary>
internal static class FilesTreeCommand
{
    public sealed record Options(Option<string?> Files, Option<bool> Force, Option<string[]> Sites, Option<int> BundleDays);

    public static Options Create() => new(
        new Option<string?>("--files") { Description = "Write Onionbalance's plain tree (master/, one folder per backend) with the KEYS, decrypted, into DIR", HelpName = "DIR" },
        new Option<bool>("--force") { Description = "With --files: write into a folder that is not empty (files are replaced)" },
        new Option<string[]>("--site") { Description = "With --files: only this site (repeatable; default all)", AllowMultipleArgumentsPerToken = false },
        new Option<int>("--bundle-days")
        {
            Description = $"With --files: days the sites' signing bundles cover (1–{SiteCertifyCommand.MaxDays}); a site with signing: identity_key in the environment gets its identity key instead",
            DefaultValueFactory = _ => 30,
        });

    public static int Run(ParseResult pr, Options o, string folder, EnvironmentLayout environment, Option<string?> vault, Option<string[]> identity, bool json)
    {
        var days = pr.GetValue(o.BundleDays);
        if (days is < 1 or > SiteCertifyCommand.MaxDays) throw new CliError(ExitCodes.Usage, $"--bundle-days must be 1 to {SiteCertifyCommand.MaxDays}");
        var v = VaultCli.Open(pr, vault);
        // Resolved, so a symlinked path cannot lead the plaintext keys into the vault's working tree.
        folder = OutputFolder.RealPath(folder);
        if (OutputFolder.IsInside(folder, v.Root))
            throw new CliError(ExitCodes.Usage, $"{folder} is inside the vault's git working tree; plaintext keys must never go there",
                "choose a folder outside the vault, ideally on an encrypted or temporary filesystem");
        var settings = File.Exists(environment.SettingsFile) ? DeployCli.ReadSettings(environment) : null;
        if (!OnionbalanceTree.Build(v.Manifest, settings, pr.GetValue(o.Sites) ?? []).TryGet(out var files, out var problems))
            throw new CliError(ExitCodes.BadInput, string.Join("; ", problems), "oniongroove site list shows the vault's sites");

        var err = VaultCli.Err(pr);
        var ids = VaultCli.Identities(pr, identity);
        var now = DateTimeOffset.UtcNow;
        // The public network's periods: a test network's minutes-long ones need `site certify --period-length`.
        var (first, count) = SigningBundleIssuer.Span(now, TimeSpan.FromDays(days), TimePeriod.DefaultLengthMinutes, TimePeriod.DefaultRotationOffsetMinutes);
        var result = OnionbalanceTreeWriter.Write(folder, files, k =>
        {
            using var key = k.Backend is null ? v.DecryptFrontendKey(k.Site, ids) : v.DecryptBackendKey(k.Site, k.Backend, ids);
            return k.Bundle ? SiteCertifyCommand.Issue(key, first, count, now) : TorKeyFiles.FormatSecretKey(key);
        }, pr.GetValue(o.Force));
        if (!result.TryGet(out var written, out var unusable))
            throw new CliError(ExitCodes.Conflict, unusable.Message, "choose an empty or new folder, or add --force to replace the files in it");

        var secrets = files.Where(f => f.IsSecret).Select(f => Path.Combine(folder, f.RelativePath)).ToList();
        err.WriteLine($"oniongroove: WARNING: {secrets.Count} secret files (onion keys, signing bundles) are now in plaintext under {folder}:");
        foreach (var s in secrets) err.WriteLine($"oniongroove:   {s}");
        err.WriteLine("oniongroove: WARNING: whoever reads them can impersonate the site; copy them to their hosts and delete this folder (shred -u).");
        if (json)
        {
            VaultCli.WriteJson(pr, new { folder, written, secret_files = secrets });
            return ExitCodes.Ok;
        }
        foreach (var f in written) VaultCli.Out(pr).WriteLine($"wrote {f}");
        return ExitCodes.Ok;
    }
}
