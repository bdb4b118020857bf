using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using OnionGroove.Crypto;
using System.Text;
using System.Text.Json;
using OnionGroove.Balancer.Config;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Audit;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Deploy.Tests;

/// <summary>A real deployment (see <see cref="HostsFixture"/>): one frontend and two backends on
/// booted Debian hosts, from an inventory rendered from a real vault, keys delivered by the
/// oniongroove_key lookup and the oniongroove_secret_file module.</summary>
[Trait(TestCategory.Name, TestCategory.Containers)]
public sealed partial class DeploymentTests(HostsFixture hosts) : IClassFixture<HostsFixture>
{
    private SiteEntry Site => hosts.Vault.Vault.Manifest.FindSite(HostsFixture.Site)!;

    private static string Bare(string address) => address.EndsWith(".onion", StringComparison.Ordinal) ? address[..^6] : address;

    /// <summary>tor's key file bytes of a vault secret, as the hosts should hold them.</summary>
    private byte[] KeyFile(SecretEntry entry)
    {
        using var key = hosts.Vault.Vault.DecryptIdentityKey(entry, hosts.Vault.Identities);
        return TorKeyFiles.FormatSecretKey(key);
    }

    private IEnumerable<SecretEntry> Keys => hosts.Vault.Vault.Manifest.AllSecrets().Where(e => e.Kind != SecretKind.ClientAuth);

    private string Ok(string host, string command)
    {
        var r = hosts.Ssh(host, command);
        Assert.True(r.ExitCode == 0, $"{host}: {command}: {r.Stderr}");
        return r.Stdout.Trim();
    }

    [Fact]
    public void The_second_run_changes_nothing()
    {
        var first = Ansible.Recap(hosts.FirstRun.Stdout);
        var second = Ansible.Recap(hosts.SecondRun.Stdout);
        Assert.Equal(HostsFixture.HostNames.Order(), first.Keys.Order());
        Assert.All(first.Values, r => Assert.Equal(0, r["failed"] + r["unreachable"]));
        Assert.All(first.Values, r => Assert.True(r["changed"] > 0));
        foreach (var (host, counters) in second)
            Assert.True(counters["changed"] == 0 && counters["failed"] == 0,
                $"{host}: second run {string.Join(' ', counters.Select(c => $"{c.Key}={c.Value}"))}\n{hosts.SecondRun.Stdout}");
    }

    /// <summary>The end of the story: a visitor's tor on this machine fetches the site's public
    /// address and gets a page from one of the backends' nginx. The balancer on fe1 published the
    /// frontend descriptor from the backends' descriptors, all over the private Tor network.</summary>
    [Fact]
    public async Task The_site_answers_through_its_frontend_onion_on_a_tor_network()
    {
        Assert.Equal("active", Ok("fe1", "systemctl is-active oniongroove-balancer"));
        var client = await hosts.Network.AddClientAsync();
        var url = new Uri($"http://{Bare(Site.Address)}.onion/");
        var attempts = new List<string>();
        var clock = Stopwatch.StartNew();
        // Backend descriptors, then the balancer's first upload: well under a minute when the
        // machine is quiet; allow for two loaded cores.
        var answer = await Eventually.LastAsync<OnionHttp.Response?>(async _ =>
        {
            try
            {
                var r = await OnionHttp.GetAsync(client.SocksPort!.Value, url, TimeSpan.FromSeconds(40));
                if (r.Status == HttpStatusCode.OK) return r;
                attempts.Add($"{clock.Elapsed.TotalSeconds:F0} s: HTTP {(int)r.Status}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                attempts.Add($"{clock.Elapsed.TotalSeconds:F0} s: {e.GetBaseException().Message}");
            }
            return null;
        }, r => r is not null, TimeSpan.FromMinutes(3), every: TimeSpan.FromSeconds(3));
        if (answer is not null)
        {
            Assert.Matches($"{HostsFixture.Site} is served by be[12]", answer.Body);
            return;
        }
        var journal = hosts.Ssh("fe1", "journalctl -u oniongroove-balancer --no-pager -n 40").Stdout;
        Assert.Fail($"no answer from {url} in {clock.Elapsed.TotalSeconds:F0} s:\n{string.Join('\n', attempts.TakeLast(10))}\nbalancer:\n{journal}");
    }

    [Fact]
    public void Backend_keys_are_byte_exact_owned_by_tor_and_mode_0600()
    {
        foreach (var (host, backend) in new[] { ("be1", "b1"), ("be2", "b2") })
        {
            var dir = $"/var/lib/tor/onion/{HostsFixture.Site}-{backend}";
            Assert.Equal("debian-tor debian-tor 600", Ok(host, $"stat -c '%U %G %a' {dir}/hs_ed25519_secret_key"));
            Assert.Equal("debian-tor debian-tor 700", Ok(host, $"stat -c '%U %G %a' {dir}"));
            var entry = Keys.Single(e => e.Label == $"{HostsFixture.Site}/backends/{backend}");
            var expected = Convert.ToHexStringLower(SHA256.HashData(KeyFile(entry)));
            Assert.Equal(expected, Ok(host, $"sha256sum {dir}/hs_ed25519_secret_key").Split(' ')[0]);
            // tor derived the address from the delivered key: it is the vault's.
            Assert.Equal(Site.FindBackend(backend)!.Address, Ok(host, $"cat {dir}/hostname"));
            Assert.Equal($"MasterOnionAddress {Bare(Site.Address)}.onion", Ok(host, $"cat {dir}/ob_config"));
            Assert.Equal("active", Ok(host, "systemctl is-active tor@default"));
        }
    }

    [Fact]
    public void Backends_serve_the_site_on_the_port_tor_forwards_to()
    {
        foreach (var host in new[] { "be1", "be2" })
        {
            var torrc = Ok(host, "cat /etc/tor/torrc");
            Assert.Contains("HiddenServiceOnionbalanceInstance 1", torrc);
            Assert.Contains("HiddenServicePort 80 127.0.0.1:8080", torrc);
            var page = Ok(host, "python3 -c \"import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:8080/').read().decode())\"");
            Assert.Contains($"{HostsFixture.Site} is served by {host}", page);
        }
    }

    [Fact]
    public void Frontend_holds_a_signing_bundle_and_a_config_the_balancer_accepts()
    {
        Assert.Equal("oniongroove oniongroove 600", Ok("fe1", $"stat -c '%U %G %a' {HostsFixture.BundlePath}"));
        // The identity key is not delivered when the site signs with a bundle.
        Assert.Equal("absent", Ok("fe1", $"test -e /etc/oniongroove/keys/{HostsFixture.Site}.key && echo present || echo absent"));
        var inspect = JsonDocument.Parse(Ok("fe1", $"/usr/bin/oniongroove bundle inspect --json {HostsFixture.BundlePath}")).RootElement.GetProperty("data");
        Assert.Equal($"{Bare(Site.Address)}.onion", inspect.GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, inspect.GetProperty("problem").ValueKind);

        var config = Ok("fe1", "cat /etc/oniongroove/config.yaml");
        var loaded = ConfigLoader.Parse(config, "/etc/oniongroove/config.yaml");
        Assert.True(loaded.IsSuccess, string.Join("\n", loaded.Error ?? []));
        var service = Assert.Single(loaded.Value.Services);
        Assert.Equal(HostsFixture.BundlePath, service.KeyPath);
        Assert.Equal(Site.Backends.Select(b => Bare(b.Address)).Order(), service.Instances.Select(i => Bare(i.Address)).Order());
        Assert.Equal("unix:/run/tor/control", loaded.Value.Tor.ControlEndpoint);
        // The balancer itself accepts it: every certificate chains to the site's address.
        var check = hosts.Ssh("fe1", "runuser -u oniongroove -- /usr/bin/oniongroove balancer check --config /etc/oniongroove/config.yaml");
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);

        // The package's self-contained single-file binary runs on a host without .NET.
        Assert.Equal("install ok installed", Ok("fe1", "dpkg-query -W -f '${Status}' oniongroove"));
        Assert.Equal("/usr/bin/oniongroove", Ok("fe1", "command -v oniongroove"));
        Assert.Contains("balancer", Ok("fe1", "oniongroove --help"));
        Assert.Equal("oniongroove debian-tor", Ok("fe1", "id -nG oniongroove"));
        Assert.Equal("enabled", Ok("fe1", "systemctl is-enabled oniongroove-balancer"));
    }

    /// <summary>The balancer ran from the bundle after the first runs (its status showed the bundle's end), and
    /// the refresh run (--tags keys, threshold above the days left) replaced the bundle and had the running
    /// balancer reload it: same main process, the new end in its status.</summary>
    [Fact]
    public void A_refresh_run_replaces_the_bundle_and_the_balancer_reloads_it_without_a_restart()
    {
        var before = hosts.BeforeRefresh;
        Assert.Equal(before.CoversUntil, before.StatusRunsOut);
        var recap = Ansible.Recap(hosts.RefreshRun.Stdout);
        Assert.All(recap.Values, r => Assert.Equal(0, r["failed"] + r["unreachable"]));
        Assert.Equal(["fe1"], recap.Keys);
        var output = hosts.RefreshRun.Stdout;
        var task = output.IndexOf("TASK [oniongroove_balancer : Deliver the signing bundles", StringComparison.Ordinal);
        Assert.True(task >= 0, output);
        var next = output.IndexOf("TASK [", task + 5, StringComparison.Ordinal);
        var section = output[task..(next < 0 ? output.Length : next)];
        Assert.True(section.Contains("changed: [fe1]", StringComparison.Ordinal), section);
        Assert.Contains("RUNNING HANDLER [oniongroove_balancer : Reload oniongroove-balancer]", output);
        Assert.DoesNotContain("Restart oniongroove-balancer", output);

        var after = hosts.FrontendBundle(); // waits until the balancer reports the new bundle's end
        Assert.True(after.CoversUntil > before.CoversUntil, $"the bundle still runs out at {after.CoversUntil:O}");
        Assert.Equal(after.CoversUntil, after.StatusRunsOut);
        Assert.Equal(before.MainPid, after.MainPid);
        Assert.Equal("oniongroove oniongroove 600", Ok("fe1", $"stat -c '%U %G %a' {HostsFixture.BundlePath}"));
    }

    /// <summary>Neither the site's identity secret key nor the tor key file holding it is anywhere in the
    /// balancer's configuration folder or its tor's data directory (every file's bytes, as one tar stream).</summary>
    [Fact]
    public void The_identity_key_is_nowhere_on_the_frontend()
    {
        var tar = hosts.Ssh("fe1", "tar -cf - /etc/oniongroove /var/lib/tor /var/cache/oniongroove 2>/dev/null | base64 -w0");
        var bytes = Convert.FromBase64String(tar.Stdout.Trim());
        Assert.True(bytes.Length > 10_000, $"only {bytes.Length} bytes under /etc/oniongroove and /var/lib/tor");
        Assert.True(bytes.AsSpan().IndexOf("oniongroove-signing-bundle 1\n"u8) >= 0, "the bundle is not in the scanned bytes");
        var scanner = new PlaintextScanner();
        var file = KeyFile(Keys.Single(e => e.Kind == SecretKind.Frontend));
        try
        {
            // tor's file is a 32-byte header and the 64-byte expanded secret (scalar, then the nonce prefix); the
            // vault keeps no seed, so the expanded key and each half are what a leak would show.
            scanner.AddRawSecret("identity secret (64 bytes)", file.AsSpan(32));
            scanner.AddRawSecret("identity scalar", file.AsSpan(32, 32));
            scanner.AddRawSecret("identity nonce prefix", file.AsSpan(64, 32));
            scanner.AddRawSecret("identity key file (base64)", Encoding.ASCII.GetBytes(Convert.ToBase64String(file)));
            scanner.AddRawSecret("identity secret (hex)", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(file.AsSpan(32))));
            Assert.Empty(scanner.Scan(bytes).Where(k => k.StartsWith("raw key", StringComparison.Ordinal)));
        }
        finally
        {
            scanner.Clear();
            CryptographicOperations.ZeroMemory(file);
        }
    }

    [Fact]
    public void No_plaintext_key_rests_on_the_controller_and_none_is_printed()
    {
        var scanner = new PlaintextScanner();
        var printed = new List<string>();
        try
        {
            foreach (var entry in Keys)
            {
                var file = KeyFile(entry);
                scanner.AddRawSecret(entry.Label, file.AsSpan(32));
                scanner.AddRawSecret(entry.Label + " (base64)", Encoding.ASCII.GetBytes(Convert.ToBase64String(file)));
                printed.Add(Convert.ToBase64String(file));
                CryptographicOperations.ZeroMemory(file);
            }
            // The signing bundle's secrets (its seeds) passed through the controller too: only in memory.
            foreach (var seed in Ok("fe1", $"grep '^signing-key-seed ' {HostsFixture.BundlePath}").Split('\n').Select(l => l.Split(' ')[1]))
            {
                scanner.AddRawSecret("bundle seed", Convert.FromBase64String(seed));
                scanner.AddRawSecret("bundle seed (base64)", Encoding.ASCII.GetBytes(seed));
                printed.Add(seed);
            }
            var output = hosts.FirstRun.Stdout + hosts.FirstRun.Stderr + hosts.SecondRun.Stdout + hosts.SecondRun.Stderr
                         + hosts.RefreshRun.Stdout + hosts.RefreshRun.Stderr;
            Assert.All(printed, b64 => Assert.DoesNotContain(b64[..40], output));

            // Everything the deployment wrote on this machine: the work folder (vault, inventory,
            // Ansible's local temp), ~/.ansible and the system temp folder, since the fixture started.
            var roots = new[] { hosts.Root, Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".ansible"), Path.GetTempPath() };
            // The test Tor network's relays keep their own (ed25519 identity) key files: not ours.
            var skip = new[] { hosts.State, hosts.Image, Path.Combine(hosts.Root, "publish"), hosts.Network.BaseDirectory };
            var findings = new List<string>();
            foreach (var root in roots.Where(Directory.Exists))
                foreach (var file in RecentRegularFiles(root, hosts.StartedUtc.AddSeconds(-5)))
                {
                    if (skip.Any(x => file.StartsWith(x, StringComparison.Ordinal))) continue;
                    byte[] bytes;
                    try { bytes = File.ReadAllBytes(file); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
                    // This deployment's keys must appear nowhere. Any tor key file inside the work
                    // folder is a leak too; elsewhere in /tmp other tests may keep their own keys.
                    // (The admin's age identity is expected on the admin's disk.)
                    var ours = file.StartsWith(hosts.Root, StringComparison.Ordinal);
                    foreach (var kind in scanner.Scan(bytes).Where(k => k.StartsWith("raw key", StringComparison.Ordinal)
                                 || (ours && k.StartsWith("tor ", StringComparison.Ordinal))))
                        findings.Add($"{file}: {kind}");
                }
            Assert.Empty(findings);
        }
        finally
        {
            scanner.Clear();
        }
    }

    /// <summary>Regular files below <paramref name="root"/> changed since <paramref name="since"/>, at most 4 MiB.
    /// find's -type f matters: opening a FIFO some other program left in /tmp would block.</summary>
    private static IEnumerable<string> RecentRegularFiles(string root, DateTime since)
    {
        var r = OnionGroove.TestSupport.ExternalProgram.Run("find",
            [root, "-xdev", "-type", "f", "-size", "-4097k", "-newermt", $"@{new DateTimeOffset(since).ToUnixTimeSeconds()}"],
            timeout: TimeSpan.FromMinutes(2));
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Time_sync_is_configured_and_left_to_the_host_inside_containers()
    {
        foreach (var host in HostsFixture.HostNames)
        {
            Assert.Equal("0", Ok(host, "test -f /etc/systemd/timesyncd.conf.d/oniongroove.conf; echo $?"));
            Assert.Equal("systemd-nspawn", Ok(host, "systemd-detect-virt"));
        }
    }
}
