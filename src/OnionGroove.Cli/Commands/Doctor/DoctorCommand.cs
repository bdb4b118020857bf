using System.CommandLine;
using OnionGroove.Cli.Commands.Deploy;
using OnionGroove.Cli.Commands.Vault;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Transport;
using OnionGroove.Crypto;
using OnionGroove.Deploy.Plan;
using OnionGroove.Probe.Doctor;
using OnionGroove.Probe.Network;
using OnionGroove.Cli.Commands.Probe;
using OnionGroove.Vault;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Cli.Commands.Doctor;

/// <summary>`oniongroove doctor [--env E] [--metrics URL]… [--no-hosts] [--ssh-config FILE] [--tor ENDPOINT] [--json]`: the operations
/// checklist against a deployment, each item ✓/✗ with its fix (docs/operations.md).</summary>
public static class DoctorCommand
{
    private const string BalancerMetricsUrl = "http://127.0.0.1:9464/metrics";

    public static Command Create()
    {
        var vault = VaultCli.VaultOption();
        var identity = VaultCli.IdentityOption();
        var env = DeployCli.EnvOption();
        var inventories = DeployCli.InventoriesOption();
        var metrics = new Option<string[]>("--metrics")
        {
            Description = $"The balancer's metrics URL (repeatable; default: {BalancerMetricsUrl} read on each frontend host over ssh)",
        };
        var noHosts = new Option<bool>("--no-hosts") { Description = "Skip the checks that log in to the hosts (ssh)" };
        var sshConfig = new Option<string?>("--ssh-config") { Description = "An ssh configuration file for logging in to the hosts (ssh -F: identity, known hosts, jump host)" };
        var tor = new Option<string?>("--tor")
        {
            Description = "A tor's control endpoint (HOST:PORT or unix:/path): check HTTPS on the onion of sites with onion_https: true",
        };
        var json = VaultCli.JsonOption();
        var cmd = new Command("doctor", "Check a deployment: clocks, tor versions, key files, units, the balancer, backends, Onion-Location, the vault's backup")
        {
            vault, identity, env, inventories, metrics, noHosts, sshConfig, tor, json,
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

            var hosts = settings?.Hosts.Select(h => (Shell: new HostShell(h.Key, h.Value.Address, h.Value.User, h.Value.Port, pr.GetValue(sshConfig)), h.Value.Frontend)).ToList() ?? [];
            if (!pr.GetValue(noHosts))
                foreach (var (shell, frontend) in hosts) findings.AddRange(await HostChecks.RunAsync(shell, frontend, ct));

            var urls = pr.GetValue(metrics) ?? [];
            if (urls.Length > 0)
                foreach (var url in urls) findings.AddRange(await MetricsOverHttpAsync(url, ct));
            else if (!pr.GetValue(noHosts))
                foreach (var (shell, _) in hosts.Where(h => h.Frontend))
                {
                    // python3 is on every host Ansible manages; curl need not be.
                    var got = await shell.RunAsync($"python3 -c \"import sys, urllib.request; sys.stdout.write(urllib.request.urlopen('{BalancerMetricsUrl}', timeout=5).read().decode())\"",
                        TimeSpan.FromSeconds(20), ct);
                    findings.AddRange(got.Ok ? BalancerMetricsCheck.Evaluate($"{shell} {BalancerMetricsUrl}", got.Stdout)
                        : [DoctorFinding.Fail(BalancerMetricsCheck.Metrics, $"{shell} {BalancerMetricsUrl}", $"no answer: {got.Stderr.Trim()}",
                            "is oniongroove-balancer running (systemctl status oniongroove-balancer), with metrics_listen 127.0.0.1:9464? Or pass --metrics URL")]);
                }

            foreach (var (site, entry) in settings?.Sites ?? [])
            {
                if (entry.Clearnet is not { Length: > 0 } clearnet) continue;
                var url = OnionLocationCheck.UrlOf(clearnet);
                if (v?.Manifest.FindSite(site) is not { } s || !OnionAddress.TryParse(s.Address, out var address, out _))
                    findings.Add(DoctorFinding.Skip(OnionLocationCheck.Name, url, $"site {site} is not in the vault", "run in the vault, or pass --vault DIR"));
                else findings.Add(await OnionLocationCheck.CheckAsync(url, address, ct: ct));
            }
            // The onion's HTTPS certificate is seen only over tor.
            var httpsSites = (settings?.Sites ?? []).Where(e => e.Value.OnionHttps == true).Select(e => e.Key).ToList();
            if (httpsSites.Count > 0) findings.AddRange(await OnionHttpsAsync(pr, identity, v, pr.GetValue(tor), httpsSites, ct));
            if (pr.GetValue(json)) JsonOutput.Write(pr.InvocationConfiguration.Output, findings.Select(f => new
            {
                check = f.Check, target = f.Target, status = f.Status.ToString().ToLowerInvariant(), detail = f.Detail, fix = f.Fix,
            }));
            else Write(pr.InvocationConfiguration.Output, findings);
            return findings.Any(f => f.Status == DoctorStatus.Fail) ? ExitCodes.DoctorFailed : ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The https_onion item of each site that serves HTTPS on its onion, over the tor at
    /// <paramref name="torEndpoint"/>; a site sealed to clients is opened with its first client key from the vault.</summary>
    private static async Task<IReadOnlyList<DoctorFinding>> OnionHttpsAsync(ParseResult pr, Option<string[]> identity, TeamVault? vault,
        string? torEndpoint, IReadOnlyList<string> siteNames, CancellationToken ct)
    {
        var findings = new List<DoctorFinding>();
        var sites = new List<(SiteEntry Entry, OnionAddress Address)>();
        foreach (var name in siteNames)
        {
            if (vault?.Manifest.FindSite(name) is { } s && OnionAddress.TryParse(s.Address, out var a, out _)) sites.Add((s, a));
            else findings.Add(DoctorFinding.Skip(OnionHttpsCheck.Name, name, $"site {name} is not in the vault", "run in the vault, or pass --vault DIR"));
        }
        if (sites.Count == 0) return findings;
        if (torEndpoint is null)
        {
            findings.AddRange(sites.Select(s => DoctorFinding.Skip(OnionHttpsCheck.Name, $"https://{s.Address}/", "needs a tor to reach the onion",
                "pass --tor unix:/run/tor/control (or HOST:PORT), or run `oniongroove probe --https`")));
            return findings;
        }
        if (!ControlEndpoint.Parse(torEndpoint).TryGet(out var endpoint, out var problem))
            throw new CliError(ExitCodes.Usage, $"invalid --tor endpoint: {problem.Message}");
        if (!(await ProbeTor.AttachAsync(endpoint, ControlAuth.Auto(null), null, ct)).TryGet(out var probeTor, out var error))
        {
            findings.AddRange(sites.Select(s => DoctorFinding.Fail(OnionHttpsCheck.Name, $"https://{s.Address}/", error,
                "start tor with ControlPort (or ControlSocket) and pass it with --tor")));
            return findings;
        }
        IReadOnlyList<VaultIdentity>? identities = null;
        await using (probeTor)
            foreach (var (entry, address) in sites)
            {
                if (entry.Clients.Count > 0)
                {
                    try
                    {
                        using var key = ProbeSites.VaultClientKey(vault!, entry, identities ??= VaultCli.Identities(pr, identity));
                        await probeTor.Controller.OnionClientAuthAddAsync(address, key, ct: ct);
                    }
                    catch (Exception e) when (e is VaultException or Control.Protocol.ControlCommandException)
                    {
                        findings.Add(DoctorFinding.Fail(OnionHttpsCheck.Name, $"https://{address}/", $"cannot give tor the site's client key: {e.Message}",
                            "pass your age identity with -i FILE (the site is sealed to its clients)"));
                        continue;
                    }
                }
                findings.Add(await OnionHttpsCheck.CheckAsync(address, probeTor.Socks, TimeSpan.FromSeconds(60), ct));
            }
        return findings;
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
