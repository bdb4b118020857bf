using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Deploy.Tests;

/// <summary>One fresh Debian bookworm host booted with systemd (the image and scripts the
/// deployment tests use, on link 10.231.200.0/24 so both can run at once) and the oniongroove
/// package built by scripts/package-deb.sh, copied into it. The host has no route to a mirror:
/// apt installs the package against what the image holds.</summary>
public sealed class PackageHost : IDisposable
{
    public const string Name = "pkg1";
    private readonly BootedHosts _hosts;

    public string Deb { get; } = "";

    /// <summary>The container's file system, seen from this machine.</summary>
    public string HostRoot => Path.Combine(_hosts.State, Name, "root");

    public PackageHost(IMessageSink sink)
    {
        var log = new FixtureLog(sink, "package-host");
        _hosts = new BootedHosts("package-host");
        try
        {
            Deb = log.Step("Debian package (scripts/package-deb.sh)", () => TestPackage.Ensure().Result).Stdout.Trim();
            _hosts.Boot(log, [Name], net: "200");
            log.Write($"ready after {log.Elapsed.TotalSeconds:F0} s");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Runs a command on the container as root over SSH.</summary>
    public ExternalProgram.Result Ssh(string command, TimeSpan? timeout = null) => _hosts.Ssh(Name, command, timeout);

    public void Dispose() => _hosts.Dispose();
}

/// <summary>The Debian package on a fresh booted Debian host: `apt install ./oniongroove_*.deb`,
/// the program, its man pages and completion, the balancer's unit started against the host's own
/// tor with a sample configuration, then `apt purge`, after which nothing of it is left.</summary>
[Trait(TestCategory.Name, TestCategory.Containers)]
public sealed class PackageTests(PackageHost host) : IClassFixture<PackageHost>
{
    // What apt, dpkg, man-db and systemd keep for themselves, and scratch space; everything else
    // must be the same before the install and after the purge.
    private const string Snapshot =
        "find / -xdev \\( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp -o -path /var/tmp " +
        "-o -path /var/log -o -path /var/cache/apt -o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/cache/debconf " +
        "-o -path /var/cache/man -o -path /var/lib/systemd/timers -o -path /var/lib/systemd/random-seed \\) -prune -o -print | sort";

    private string Ok(string command, TimeSpan? timeout = null)
    {
        var r = host.Ssh(command, timeout);
        Assert.True(r.ExitCode == 0, $"{command}: exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        return r.Stdout.Trim();
    }

    [Fact]
    public async Task Apt_installs_the_package_it_runs_and_a_purge_leaves_nothing_behind()
    {
        var before = Ok(Snapshot);
        Assert.Equal("2", Ok("getent passwd oniongroove >/dev/null; echo $?"));   // 2: no such user

        // apt install ./oniongroove_*.deb, as a sysadmin would.
        var dir = Path.Combine(host.HostRoot, "var", "tmp", "og-package");
        Directory.CreateDirectory(dir);
        File.Copy(host.Deb, Path.Combine(dir, Path.GetFileName(host.Deb)));
        Ok("cd /var/tmp/og-package && DEBIAN_FRONTEND=noninteractive apt install -y ./oniongroove_*.deb", TimeSpan.FromMinutes(3));
        var version = Ok("dpkg-query -W -f '${Version}' oniongroove");
        Assert.StartsWith(Ok("oniongroove --version").Split('+')[0] + "+", version);
        Assert.Equal("/usr/bin/oniongroove", Ok("command -v oniongroove"));

        // The system user, in tor's group (tor is in the image), no login, no home.
        Assert.Equal("oniongroove debian-tor", Ok("id -nG oniongroove"));
        Assert.Equal("/nonexistent:/usr/sbin/nologin", Ok("getent passwd oniongroove | cut -d: -f6,7"));
        Assert.Equal("root oniongroove 750", Ok("stat -c '%U %G %a' /etc/oniongroove"));
        Assert.Equal("/etc/default/oniongroove-balancer", Ok("cat /var/lib/dpkg/info/oniongroove.conffiles"));

        // Man pages for the program and each command; bash completion from the program itself.
        Assert.Equal("0", Ok("test -s /usr/share/man/man1/oniongroove.1.gz && test -s /usr/share/man/man1/oniongroove-balancer.1.gz; echo $?"));
        Assert.Contains("balancer check", Ok("zcat /usr/share/man/man1/oniongroove-balancer.1.gz").Replace("\\-", "-"));
        var completion = Ok("bash -c 'source /usr/share/bash-completion/completions/oniongroove; " +
                            "COMP_LINE=\"oniongroove balancer ch\"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(oniongroove balancer ch); COMP_CWORD=2; " +
                            "_oniongroove; echo \"${COMPREPLY[*]}\"'");
        Assert.Equal("check", completion);

        // Enabled, but not started without a configuration (the unit's condition).
        Assert.Equal("enabled", Ok("systemctl is-enabled oniongroove-balancer"));
        Assert.Equal("inactive", host.Ssh("systemctl is-active oniongroove-balancer").Stdout.Trim());

        // A sample configuration: a frontend key and two backends, checked as the service's user.
        using (var frontend = IdentitySecretKey.Generate())
        using (var b1 = IdentitySecretKey.Generate())
        using (var b2 = IdentitySecretKey.Generate())
        {
            var keys = Path.Combine(host.HostRoot, "etc", "oniongroove", "keys");
            Directory.CreateDirectory(keys);
            File.WriteAllBytes(Path.Combine(keys, "news.key"), TorKeyFiles.FormatSecretKey(frontend));
            File.WriteAllText(Path.Combine(host.HostRoot, "etc", "oniongroove", "config.yaml"), $"""
                services:
                  - key: /etc/oniongroove/keys/news.key
                    instances:
                      - {"{"}address: {b1.Address}, name: b1{"}"}
                      - {"{"}address: {b2.Address}, name: b2{"}"}
                tor:
                  control: unix:/run/tor/control
                metrics:
                  listen: 127.0.0.1:9464
                """);
        }
        Ok("chown -R oniongroove:oniongroove /etc/oniongroove/keys && chmod 0700 /etc/oniongroove/keys && chmod 0600 /etc/oniongroove/keys/news.key " +
           "&& chown root:oniongroove /etc/oniongroove/config.yaml && chmod 0640 /etc/oniongroove/config.yaml");
        Assert.Equal("/etc/oniongroove/config.yaml: ok, 1 service(s)",
            Ok("runuser -u oniongroove -- oniongroove balancer check --config /etc/oniongroove/config.yaml"));

        // The hardened unit runs it against the host's tor (control socket, cookie through tor's group).
        Ok("systemctl is-active tor@default || systemctl start tor@default");
        Ok("systemctl start oniongroove-balancer");
        var status = await Eventually.LastAsync(_ => Task.FromResult(host.Ssh("oniongroove balancer status --config /etc/oniongroove/config.yaml --json")),
            r => r.ExitCode == 0 && r.Stdout.Contains("\"tor_connected\":true", StringComparison.Ordinal),
            TimeSpan.FromMinutes(1), every: TimeSpan.FromSeconds(1));
        Assert.True(status.ExitCode == 0 && status.Stdout.Contains("\"tor_connected\":true", StringComparison.Ordinal),
            $"balancer status: {status.Stdout}{status.Stderr}\n{host.Ssh("journalctl -u oniongroove-balancer --no-pager -n 30").Stdout}");

        // Purge: the service stops and the unit, user, group, configuration and every file go.
        File.Delete(Path.Combine(dir, Path.GetFileName(host.Deb)));
        Directory.Delete(dir);
        Ok("DEBIAN_FRONTEND=noninteractive apt purge -y oniongroove", TimeSpan.FromMinutes(2));
        Assert.Equal("2 2", Ok("getent passwd oniongroove; a=$?; getent group oniongroove; echo $a $?"));
        Assert.Equal("", Ok("ps -eo user:20,comm | awk '$1 == \"oniongroove\"'"));
        Assert.Equal("0", Ok("systemctl list-unit-files --no-legend 'oniongroove*' | wc -l"));
        Assert.Equal("", Ok("find / -xdev -path /proc -prune -o -name '*oniongroove*' -print"));
        var after = Ok(Snapshot);
        var added = after.Split('\n').Except(before.Split('\n')).ToList();
        var removed = before.Split('\n').Except(after.Split('\n')).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            $"left behind: {string.Join(", ", added)}; gone: {string.Join(", ", removed)}");
    }
}
