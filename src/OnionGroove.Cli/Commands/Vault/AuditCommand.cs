using System.CommandLine;
using OnionGroove.Vault.Audit;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove audit [--json]`: exit 0 when clean, 1 when problems were found.</summary>
internal static class AuditCommand
{
    public static Command Create(Option<string?> vault, Option<string[]> identity)
    {
        var json = VaultCli.JsonOption();
        var cmd = new Command("audit", "Check who can decrypt each secret, stale recipients, and plaintext keys in the working tree and all git history") { json };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var target = AuditTarget.Open(VaultCli.PathOf(pr, vault));
            var v = target.ValueOrDefault;
            var report = target.TryGet(out var opened, out var broken) ? VaultAuditor.Run(opened, VaultCli.Identities(pr, identity)) : broken;
            var teamNames = v?.Manifest.Team.Select(m => m.Name).ToList() ?? [];
            if (pr.GetValue(json))
            {
                VaultCli.WriteJson(pr, new
                {
                    ok = report.Ok,
                    team = teamNames,
                    secrets = report.Secrets.Select(s => new { secret = s.Secret, path = s.Path, sealed_to = s.SealedTo, recipients_in_file = s.RecipientsInFile }).ToList(),
                    problems = report.Problems.Select(p => new { kind = p.Kind, where = p.Where, message = p.Message }).ToList(),
                    notes = report.Notes,
                    scanned = new { working_tree_files = report.WorkingTreeFilesScanned, git_objects = report.GitObjectsScanned },
                });
            }
            else
            {
                var o = VaultCli.Out(pr);
                o.WriteLine($"team: {string.Join(", ", teamNames)}");
                foreach (var s in report.Secrets)
                    o.WriteLine($"  {s.Secret,-32} readable by: {string.Join(", ", s.SealedTo)}{(s.RecipientsInFile is { } n && n != s.SealedTo.Count ? $" (file has {n} recipients)" : "")}");
                o.WriteLine($"scanned {report.WorkingTreeFilesScanned} working-tree file(s) and {report.GitObjectsScanned} git object(s) for plaintext keys");
                foreach (var n in report.Notes) o.WriteLine($"note: {n}");
                foreach (var p in report.Problems) o.WriteLine($"PROBLEM [{p.Kind}] {p.Message}");
                o.WriteLine(report.Ok ? "audit: no problems found" : $"audit: {report.Problems.Count} problem(s) found");
            }
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return cmd;
    }
}
