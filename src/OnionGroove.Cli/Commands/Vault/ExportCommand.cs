using System.CommandLine;
using OnionGroove.Vault.Operations;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove export SITE --out DIR`: plaintext tor key files, with a loud warning.</summary>
internal static class ExportCommand
{
    public static Command Create(Option<string?> vault, Option<string[]> identity)
    {
        var site = new Argument<string>("SITE") { Description = "Site name" };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the HiddenServiceDirs into (outside the vault)", Required = true };
        var cmd = new Command("export", "Write a site's keys as tor HiddenServiceDirs (frontend + each backend; PLAINTEXT)") { site, output };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var v = VaultCli.Open(pr, vault);
            var dirs = VaultExport.Export(v, pr.GetValue(site)!, pr.GetValue(output)!, VaultCli.Identities(pr, identity));
            var err = VaultCli.Err(pr);
            err.WriteLine("oniongroove: WARNING: PLAINTEXT ONION SERVICE KEYS WERE WRITTEN TO DISK.");
            err.WriteLine("oniongroove: WARNING: anyone who reads these files can impersonate the site. Copy them where needed,");
            err.WriteLine("oniongroove: WARNING: then delete them (shred if the filesystem allows). Never add them to git.");
            foreach (var d in dirs) VaultCli.Out(pr).WriteLine($"{d.Secret,-24} {d.Directory}  {d.Address}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
