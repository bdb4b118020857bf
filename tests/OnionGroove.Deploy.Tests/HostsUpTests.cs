using System.Diagnostics;
using OnionGroove.TestSupport;

namespace OnionGroove.Deploy.Tests;

/// <summary>scripts/hosts-up.sh refuses a name whose container still runs (a stale one from a killed
/// run once answered ssh on the address and failed a CI run): exit 3, how to stop it, nothing booted.
/// The running container here is a process that looks like one to the check (its command line).</summary>
public sealed class HostsUpTests
{
    [Fact]
    public void A_name_whose_container_still_runs_is_refused_before_anything_is_booted()
    {
        using var dir = new TempDir("oghu");
        Directory.CreateDirectory(dir["image"]);
        File.WriteAllText(Path.Combine(dir["image"], ".complete"), "");
        var name = "t" + Guid.NewGuid().ToString("N")[..8];
        var psi = new ProcessStartInfo("bash", ["-c", "exec -a systemd-nspawn perl -e 'sleep 120' -- --quiet " +
            $"--directory=/var/tmp/og-stale/hosts/{name}/root --machine=og-{name} --boot"]);
        using var stale = Process.Start(psi)!;
        try
        {
            Eventually.True(() => File.ReadAllText($"/proc/{stale.Id}/cmdline").StartsWith("systemd-nspawn\0"), "the stand-in to start", TimeSpan.FromSeconds(10));
            var r = ExternalProgram.Run(Path.Combine(Ansible.Root, "scripts", "hosts-up.sh"), [dir["image"], dir["state"], "other1", name]);
            Assert.Equal(3, r.ExitCode);
            Assert.Contains($"hosts-up: og-{name} is already running (systemd-nspawn pid {stale.Id}", r.Stderr);
            Assert.Contains("stop it first: scripts/hosts-down.sh /var/tmp/og-stale/hosts", r.Stderr);
            Assert.DoesNotContain("other1", r.Stderr);
            Assert.False(Directory.Exists(dir["state"]), "hosts-up created its state before refusing");
        }
        finally { stale.Kill(); }
    }
}
