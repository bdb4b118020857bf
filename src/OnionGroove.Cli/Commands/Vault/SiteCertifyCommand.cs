using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using OnionGroove.Cli.Commands.Bundle;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Offline;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove site certify SITE`: a signing bundle for the coming days, made from the frontend key
/// decrypted in memory only (docs/offline-keys.md).</summary>
internal static class SiteCertifyCommand
{
    public const int MaxDays = 366;

    public static Command Create(Option<string?> vault)
    {
        var name = new Argument<string>("SITE") { Description = "Site name" };
        var days = new Option<int>("--days") { Description = $"How many days ahead the bundle covers (1–{MaxDays})", DefaultValueFactory = _ => 30 };
        var output = new Option<string?>("--out", "-o") { Description = "The bundle file to write (default: ./SITE.signing-bundle; never inside the vault); '-' writes it to stdout (for Ansible's oniongroove_key lookup: it never touches the disk)" };
        var force = new Option<bool>("--force") { Description = "Replace an existing bundle file" };
        var length = new Option<int>("--period-length") { Description = "Time-period length in minutes (test networks; default 1440)", DefaultValueFactory = _ => TimePeriod.DefaultLengthMinutes };
        var offset = new Option<int>("--rotation-offset") { Description = "Time-period rotation offset in minutes (test networks; default 720)", DefaultValueFactory = _ => TimePeriod.DefaultRotationOffsetMinutes };
        var json = VaultCli.JsonOption();
        var identity = VaultCli.IdentityOption();
        var cmd = new Command("certify", "Write a signing bundle: per time period a descriptor signing key certified by the frontend's blinded key (the frontend key itself stays in the vault)")
            { name, days, output, force, length, offset, json, identity };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var d = pr.GetValue(days);
            if (d is < 1 or > MaxDays) throw new CliError(ExitCodes.Usage, $"--days must be 1 to {MaxDays}");
            var (len, off) = (pr.GetValue(length), pr.GetValue(offset));
            if (len is < 1 or > 14400) throw new CliError(ExitCodes.Usage, "--period-length must be 1 to 14400 minutes");
            if (off < 0 || off > len) throw new CliError(ExitCodes.Usage, "--rotation-offset must be 0 to the period length");
            var now = DateTimeOffset.UtcNow;
            var (first, count) = SigningBundleIssuer.Span(now, TimeSpan.FromDays(d), len, off);
            if (count > SigningBundleFormat.MaxPeriods)
                throw new CliError(ExitCodes.Usage, $"{count} periods of {len} minutes in {d} days, over the {SigningBundleFormat.MaxPeriods} a bundle holds; use fewer --days");

            var toStdout = pr.GetValue(output) == "-";
            if (toStdout && pr.GetValue(json)) throw new CliError(ExitCodes.Usage, "--json and --out - both write to stdout; choose one");

            var v = VaultCli.Open(pr, vault);
            var site = v.RequireSite(pr.GetValue(name)!);
            var path = toStdout ? null : Path.GetFullPath(pr.GetValue(output) ?? $"{site.Name}.signing-bundle");
            // Real paths on both sides: a symlinked folder must not smuggle the bundle into git.
            if (path is not null && OutputFolder.IsInside(path, v.Root))
                throw new CliError(ExitCodes.Usage, $"{path} is inside the vault, where git would record it; write the bundle elsewhere (--out FILE)");
            if (path is not null && !pr.GetValue(force) && (File.Exists(path) || Directory.Exists(path)))
                throw new CliError(ExitCodes.Conflict, $"{path} exists", "pass --force to replace it");

            using var key = v.DecryptFrontendKey(site.Name, VaultCli.Identities(pr, identity));
            using var bundle = SigningBundleIssuer.Issue(key, first, count, now);
            var bytes = SigningBundleFormat.Write(bundle);
            try
            {
                // To stdout for Ansible's oniongroove_key lookup, which keeps it in memory (docs/deployment.md).
                if (path is null) VaultCli.Out(pr).Write(Encoding.ASCII.GetString(bytes));
                else AtomicOutput.Write(path, s => s.Write(bytes), sync: true);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
            if (path is null)
            {
                VaultCli.Err(pr).WriteLine($"oniongroove: note: the bundle on stdout signs for {site.Name} until {bundle.CoversUntil:yyyy-MM-dd HH:mm}Z");
                return ExitCodes.Ok;
            }
            if (pr.GetValue(json)) VaultCli.WriteJson(pr, BundleReport.ToJson(bundle, now, path));
            else
            {
                VaultCli.Out(pr).WriteLine($"wrote {path}: {bundle.Periods.Count} periods ({bundle.First.Number}–{bundle.Last.Number}) for {bundle.Address}, until {bundle.CoversUntil:yyyy-MM-dd HH:mm}Z");
                VaultCli.Err(pr).WriteLine($"oniongroove: note: the bundle signs for {site.Name} until {bundle.CoversUntil:yyyy-MM-dd HH:mm}Z: keep it 0600 on the balancer only, and certify again before then");
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>A fresh bundle's file bytes (the caller zeroes them) for <paramref name="count"/> periods from
    /// <paramref name="first"/>; the bundle's seeds are zeroed before returning.</summary>
    public static byte[] Issue(IdentitySecretKey key, TimePeriod first, int count, DateTimeOffset now)
    {
        using var bundle = SigningBundleIssuer.Issue(key, first, count, now);
        return SigningBundleFormat.Write(bundle);
    }
}
