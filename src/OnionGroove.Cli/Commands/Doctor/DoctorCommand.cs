using System.CommandLine;
using OnionGroove.Cli.Commands.Deploy;
using OnionGroove.Cli.Commands.Vault;
using OnionGroove.Crypto;
using OnionGroove.Deploy.Plan;
using OnionGroove.Probe.Doctor;
using OnionGroove.Vault;

namespace OnionGroove.Cli.Commands.Doctor;

/// <summary>`oniongroove doctor [--env E] [--metrics URL]… [--no-hosts] [--json]`: the operations
/// checklist against a deployment, each item ✓/✗ with its fix (docs/operations.md).</summary>
public static class DoctorCommand
{
    private const string BalancerMetricsUrl = "http://127.0.0.1:9464/metrics";

    public static Command Create()
    {
        var vault = VaultCli.VaultOption();
        var env = DeployCli.EnvOption();
        var inventories = DeployCli.InventoriesOption();
        var metrics = new Option<string[]>("--metrics")
        {
            Description = $"The balancer's metrics URL (repeatable; default: {BalancerMetricsUrl} read on each frontend host over ssh)",
        };
        var noHosts = new Option<bool>("--no-hosts") { Description = "Skip the checks that log in to the hosts (ssh)" };
        var json = VaultCli.JsonOption();
        var cmd = new Command("doctor", "Check a deployment: clocks, tor versions, key files, units, the balancer, backends, Onion-Location, the vault's backup")
        {
            vault, env, inventories, metrics, noHosts, json,
        };
        cmd.SetAction(async (pr, ct) =>
        {
            var findings = new List<DoctorFinding>();
            TeamVault? v = null;
            try { v = VaultCli.Open(pr, vault); }
            catch (VaultException e) { findings.Add(DoctorFinding.Skip(VaultBackupCheck.Name, VaultCli.PathOf(pr, vault), e.Message, "run in the vault, or pass --vault DIR")); }
            if (v is not null) findings.Add(VaultBackupCheck.Run(v));

            var layout = DeployCli.Environment(pr, env, inventories);
            EnvironmentSettings? settings = File.Exists(layout.SettingsFile) ? DeployCli.ReadSettings(layout) : null;
            if (settings is null)
                findings.Add(DoctorFinding.Skip("environment", layout.Name, $"no {layout.SettingsFile}", "pass --env NAME (and --inventories DIR) of a deployed environment"));

            var hosts = settings?.Hosts.Select(h => (Shell: new HostShell(h.Key, h.Value.Address, h.Value.User, h.Value.Port), h.Value.Frontend)).ToList() ?? [];
            if (!pr.GetValue(noHosts))
                foreach (var (shell, frontend) in hosts) findings.AddRange(await HostChecks.RunAsync(shell, frontend, ct));

            var urls = pr.GetValue(metrics) ?? [];
            if (urls.Length > 0)
                foreach (var url in urls) findings.AddRange(await MetricsOverHttpAsync(url, ct));
            else if (!pr.GetValue(noHosts))
                foreach (var (shell, _) in hosts.Where(h => h.Frontend))
                {
                    var got = await shell.RunAsync($"curl -fsS --max-time 5 {BalancerMetricsUrl}", TimeSpan.FromSeconds(20), ct);
                    findings.AddRange(got.Ok ? BalancerMetricsCheck.Evaluate($"{shell} {BalancerMetricsUrl}", got.Stdout)
                        : [DoctorFinding.Fail(BalancerMetricsCheck.Metrics, $"{shell} {BalancerMetricsUrl}", $"no answer: {got.Stderr.Trim()}",
                            "is oniongroove-balancer running (systemctl status oniongroove-balancer), and curl installed on the host? Or pass --metrics URL")]);
                }

            foreach (var (site, entry) in settings?.Sites ?? [])
            {
                if (entry.Clearnet is not { Length: > 0 } clearnet) continue;
                var url = OnionLocationCheck.UrlOf(clearnet);
                if (v?.Manifest.FindSite(site) is not { } s || !OnionAddress.TryParse(s.Address, out var address, out _))
                    findings.Add(DoctorFinding.Skip(OnionLocationCheck.Name, url, $"site {site} is not in the vault", "run in the vault, or pass --vault DIR"));
                else findings.Add(await OnionLocationCheck.CheckAsync(url, address, ct: ct));
            }
            // The onion's HTTPS certificate is seen only over tor: the probe does it.
            foreach (var s in v?.Manifest.Sites ?? [])
                findings.Add(DoctorFinding.Skip("https_onion", s.Address, "checked over tor by the probe, not here",
                    $"oniongroove probe --https {s.Address}"));

            if (pr.GetValue(json)) JsonOutput.Write(pr.InvocationConfiguration.Output, findings.Select(f => new
            {
                check = f.Check, target = f.Target, status = f.Status.ToString().ToLowerInvariant(), detail = f.Detail, fix = f.Fix,
            }));
            else Write(pr.InvocationConfiguration.Output, findings);
            return findings.Any(f => f.Status == DoctorStatus.Fail) ? ExitCodes.DoctorFailed : ExitCodes.Ok;
        });
        return cmd;
    }

    private static async Task<IReadOnlyList<DoctorFinding>> MetricsOverHttpAsync(string url, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try { return BalancerMetricsCheck.Evaluate(url, await client.GetStringAsync(url, ct)); }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or UriFormatException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return [DoctorFinding.Fail(BalancerMetricsCheck.Metrics, url, $"no answer: {e.Message}", "is oniongroove-balancer running, with metrics_listen at this address?")];
        }
    }

    private static void Write(TextWriter w, IReadOnlyList<DoctorFinding> findings)
    {
        foreach (var f in findings)
        {
            var mark = f.Status switch { DoctorStatus.Pass => "✓", DoctorStatus.Fail => "✗", _ => "-" };
            w.WriteLine($"{mark} {f.Check} {f.Target}: {f.Detail}");
            if (f.Fix is not null && f.Status != DoctorStatus.Pass) w.WriteLine($"    fix: {f.Fix}");
        }
        w.WriteLine($"{findings.Count(f => f.Status == DoctorStatus.Pass)} passed, {findings.Count(f => f.Status == DoctorStatus.Fail)} failed, "
                    + $"{findings.Count(f => f.Status == DoctorStatus.Skip)} not checked");
    }
}
