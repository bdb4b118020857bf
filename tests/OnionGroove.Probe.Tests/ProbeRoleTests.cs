using System.Text.Json;
using OnionGroove.Cli;
using OnionGroove.TestSupport;

namespace OnionGroove.Probe.Tests;

/// <summary>roles/oniongroove_probe: the command line its drop-in over the packaged unit renders
/// (by Ansible itself, from the role's defaults) is one our command tree accepts.</summary>
public sealed class ProbeRoleTests
{
    [Fact]
    public void The_units_command_line_parses()
    {
        var role = Path.Combine(SharedFiles.RepoRoot, "roles", "oniongroove_probe");
        var vars = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["oniongroove_probe_sites"] = new[] { new string('a', 56) + ".onion", new string('b', 56) },
            ["oniongroove_probe_https"] = true,
            ["oniongroove_probe_client_keys"] = new[] { new { name = "news", auth_private = "unused" } },
            ["oniongroove_probe_extra_args"] = new[] { "--hsdir-timeout", "20" },
        });
        var r = ExternalProgram.Run("ansible", ["localhost", "-c", "local", "-m", "ansible.builtin.debug",
            "-a", "msg={{ lookup('template', 'templates/oniongroove-probe.override.conf.j2') }}", "-e", "@defaults/main.yml", "-e", vars],
            workingDirectory: role, timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var unit = JsonDocument.Parse(r.Stdout[r.Stdout.IndexOf('{')..]).RootElement.GetProperty("msg").GetString()!;
        // The drop-in clears the packaged ExecStart, then sets its own.
        var execs = unit.Split('\n').Where(l => l.StartsWith("ExecStart=", StringComparison.Ordinal)).ToList();
        Assert.Equal(["ExecStart="], execs.Take(1));
        var exec = Assert.Single(execs.Skip(1))["ExecStart=".Length..];
        var args = exec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/usr/bin/oniongroove", args[0]);
        var parse = CliApp.BuildRoot().Parse(args[1..]);
        Assert.Empty(parse.Errors.Select(e => e.Message));
        Assert.Equal("probe", parse.CommandResult.Command.Name);
        Assert.Contains("--serve 127.0.0.1:9465", exec);
        Assert.Contains("--client-key /etc/oniongroove-probe/news.auth_private", exec);
        Assert.Contains("User=oniongroove-probe", unit);
    }

    /// <summary>The package's unit keeps the hardening; the drop-in changes none of it.</summary>
    [Fact]
    public void The_packaged_unit_is_hardened_and_the_drop_in_leaves_that_alone()
    {
        var unit = File.ReadAllText(Path.Combine(SharedFiles.RepoRoot, "packaging", "systemd", "oniongroove-probe.service"));
        foreach (var setting in new[] { "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "RestrictSUIDSGID=yes" })
            Assert.Contains(setting + "\n", unit);
        Assert.Contains("ExecStart=/usr/bin/oniongroove probe $OPTIONS", unit);
        var dropIn = File.ReadAllText(Path.Combine(SharedFiles.RepoRoot, "roles", "oniongroove_probe", "templates", "oniongroove-probe.override.conf.j2"));
        Assert.DoesNotContain("Protect", dropIn);
        Assert.DoesNotContain("NoNewPrivileges", dropIn);
    }
}
