using System.Text.Json;
using OnionGroove.Cli;
using OnionGroove.Deploy.Plan;
using OnionGroove.TestSupport;

namespace OnionGroove.Deploy.Tests;

/// <summary>Monitoring the deployment of <see cref="HostsFixture"/>. `oniongroove doctor`: every host
/// item passes on the real hosts (over ssh with the fixture's key, through --ssh-config), the
/// balancer's metrics are read on fe1, and an nginx on be1 serving the clearnet twin shows a
/// missing and a wrong Onion-Location header as failures. roles/oniongroove_probe on fe1: the
/// package's unit probes the site over fe1's tor, and a second run changes nothing.</summary>
public sealed partial class DeploymentTests
{
    private sealed record DoctorRun(int ExitCode, IReadOnlyList<JsonElement> Items, string Text)
    {
        public JsonElement Item(string check, string targetStart) =>
            Items.Single(i => i.GetProperty("check").GetString() == check && i.GetProperty("target").GetString()!.StartsWith(targetStart, StringComparison.Ordinal));

        public string Status(string check, string targetStart) => Item(check, targetStart).GetProperty("status").GetString()!;

        public bool Passed(string check) =>
            Items.Any(i => i.GetProperty("check").GetString() == check && i.GetProperty("status").GetString() == "pass");
    }

    /// <summary>The environment's settings with the site's clearnet twin at <paramref name="clearnet"/>, in a folder of their own.</summary>
    private string EnvironmentWithTwin(string name, string clearnet)
    {
        var original = new EnvironmentLayout(Path.GetDirectoryName(hosts.Inventory)!, "test").SettingsFile;
        var settings = EnvironmentSettingsFile.Read(original).Value!;
        settings.Sites[HostsFixture.Site] = new SiteSettingsEntry { Clearnet = clearnet };
        var dir = Path.Combine(hosts.Root, "doctor-" + name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(new EnvironmentLayout(dir, "test").SettingsFile, EnvironmentSettingsFile.Serialize(settings));
        return dir;
    }

    private async Task<DoctorRun> DoctorAsync(string inventories, params string[] more)
    {
        var sshConfig = Path.Combine(hosts.Root, "doctor-ssh.conf");
        File.WriteAllText(sshConfig, $"""
            Host *
              IdentityFile {hosts.State}/id_ed25519
              IdentitiesOnly yes
              UserKnownHostsFile {hosts.State}/known_hosts
              StrictHostKeyChecking yes
            """);
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(["doctor", "--vault", hosts.Vault.Vault.Root, "-i", hosts.Vault.IdentityFile, "--env", "test",
            "--inventories", inventories, "--ssh-config", sshConfig, "--json", .. more], o, e);
        var items = o.ToString().StartsWith('{') ? JsonDocument.Parse(o.ToString()).RootElement.GetProperty("data").EnumerateArray().ToList() : [];
        return new DoctorRun(code, items, $"exit {code}\n{o}{e}");
    }

    [Fact]
    public async Task Doctor_passes_the_deployed_hosts_and_fails_a_missing_or_wrong_onion_location()
    {
        var site = Bare(Site.Address) + ".onion";
        var other = Bare(Site.FindBackend("b1")!.Address) + ".onion";
        // Three clearnet twins on be1's nginx: the right header, one pointing at another onion, none.
        Ok("be1", $$"""
            cat > /etc/nginx/conf.d/og-doctor-twin.conf <<'EOF'
            server { listen 8097; location / { add_header Onion-Location http://{{site}}$request_uri always; return 200 "twin\n"; } }
            server { listen 8098; location / { add_header Onion-Location http://{{other}}$request_uri always; return 200 "twin\n"; } }
            server { listen 8099; location / { return 200 "twin\n"; } }
            EOF
            nginx -t -q && systemctl reload nginx
            """);
        try
        {
            var be1 = hosts.Addresses["be1"];
            // The balancer may still be fetching a backend's descriptor right after the fixture's runs.
            var good = await Eventually.ValueAsync(_ => DoctorAsync(EnvironmentWithTwin("good", $"http://{be1}:8097/")),
                r => r.Passed("backends_live") && r.Passed("onion_location"),
                "the doctor's checklist passing on the deployment", TimeSpan.FromMinutes(3), every: TimeSpan.FromSeconds(5), describe: r => r.Text);
            foreach (var host in HostsFixture.HostNames)
                foreach (var check in new[] { "tor_version", "clock", "key_files" })
                    Assert.True(good.Status(check, host + " ") == "pass", $"{check} on {host}: {good.Text}");
            // These hosts are systemd-nspawn containers: on their host's clock, judged by skew alone.
            Assert.Contains("a container (systemd-nspawn)", good.Item("clock", "fe1 ").GetProperty("detail").GetString());
            Assert.Equal("pass", good.Status("unit_hardening", "fe1 "));
            Assert.StartsWith("1 key(s) owned by debian-tor", good.Item("key_files", "be1 ").GetProperty("detail").GetString());
            Assert.Equal("pass", good.Status("balancer_metrics", "fe1 "));
            Assert.Equal("2 of 2 backends live", good.Item("backends_live", "").GetProperty("detail").GetString());

            var wrong = await DoctorAsync(EnvironmentWithTwin("wrong", $"http://{be1}:8098/"), "--no-hosts");
            Assert.Equal(ExitCodes.DoctorFailed, wrong.ExitCode);
            Assert.Equal("fail", wrong.Status("onion_location", ""));
            Assert.Contains($"points at {other}, not at the site's {site}", wrong.Item("onion_location", "").GetProperty("detail").GetString());

            var missing = await DoctorAsync(EnvironmentWithTwin("missing", $"http://{be1}:8099/"), "--no-hosts");
            Assert.Equal(ExitCodes.DoctorFailed, missing.ExitCode);
            Assert.Equal("no Onion-Location header", missing.Item("onion_location", "").GetProperty("detail").GetString());
            Assert.Contains("add_header Onion-Location", missing.Item("onion_location", "").GetProperty("fix").GetString());
        }
        finally
        {
            hosts.Ssh("be1", "rm -f /etc/nginx/conf.d/og-doctor-twin.conf && systemctl reload nginx");
        }
    }

    [Fact]
    public async Task The_probe_role_runs_the_packaged_probe_on_fe1_and_a_second_run_changes_nothing()
    {
        var site = Bare(Site.Address) + ".onion";
        var playbook = Path.Combine(hosts.Root, "probe.yml");
        File.WriteAllText(playbook, $"""
            ---
            - name: The onion probe on fe1
              hosts: fe1
              become: true
              roles:
                - role: {Path.Combine(Ansible.Root, "roles", "oniongroove_probe")}
                  vars:
                    oniongroove_probe_deb: {hosts.Deb}
                    oniongroove_probe_sites: [{site}]
                    oniongroove_probe_interval: 10
            """);
        ExternalProgram.Result Play() => Ansible.Run("ansible-playbook",
            ["-i", hosts.Inventory, "-e", "@" + Path.Combine(hosts.Root, "test-vars.yml"), playbook], TimeSpan.FromMinutes(10), hosts.AnsibleTemp);
        var first = Play();
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        var second = Play();
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.True(Ansible.Recap(first.Stdout)["fe1"]["changed"] > 0, first.Stdout);
        Assert.True(Ansible.Recap(second.Stdout)["fe1"]["changed"] == 0, $"second run:\n{second.Stdout}");

        // The package's unit with the role's drop-in, running as the role's user; no copied binary.
        Assert.Equal("active", Ok("fe1", "systemctl is-active oniongroove-probe"));
        Assert.Equal("/lib/systemd/system/oniongroove-probe.service", Ok("fe1", "systemctl show -p FragmentPath --value oniongroove-probe"));
        foreach (var (property, value) in new[] { ("User", "oniongroove-probe"), ("DynamicUser", "no"), ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict") })
            Assert.Equal(value, Ok("fe1", $"systemctl show -p {property} --value oniongroove-probe"));
        Assert.Equal("1", Ok("fe1", "test -e /usr/local/bin/oniongroove; echo $?"));

        // Its metrics, from fe1's tor on the private network: the site reachable, every HSDir serving it.
        var metrics = await Eventually.ValueAsync(_ => Task.FromResult(hosts.Ssh("fe1",
                "python3 -c \"import sys, urllib.request; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:9465/metrics', timeout=5).read().decode())\"").Stdout),
            t => t.Contains($"oniongroove_probe_site_reachable{{site=\"{site}\",address=\"{site}\"}} 1", StringComparison.Ordinal),
            "fe1's probe reporting the site reachable", TimeSpan.FromMinutes(3), every: TimeSpan.FromSeconds(5),
            describe: t => t + hosts.Ssh("fe1", "journalctl -u oniongroove-probe --no-pager -n 20").Stdout);
        Assert.Contains($"oniongroove_probe_http_status_code{{site=\"{site}\",address=\"{site}\",scheme=\"http\"}} 200", metrics);
    }
}
