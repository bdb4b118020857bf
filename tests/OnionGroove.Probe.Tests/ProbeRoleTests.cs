using System.Text.Json;
using OnionGroove.Cli;
using OnionGroove.TestSupport;

namespace OnionGroove.Probe.Tests;

/// <summary>roles/oniongroove_probe: the command line its unit template renders (by Ansible
/// itself, from the role's defaults) is one our command tree accepts.</summary>
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
            "-a", "msg={{ lookup('template', 'templates/oniongroove-probe.service.j2') }}", "-e", "@defaults/main.yml", "-e", vars],
            workingDirectory: role, timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var unit = JsonDocument.Parse(r.Stdout[r.Stdout.IndexOf('{')..]).RootElement.GetProperty("msg").GetString()!;
        var exec = unit.Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..];
        var args = exec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/usr/local/bin/oniongroove", args[0]);
        var parse = CliApp.BuildRoot().Parse(args[1..]);
        Assert.Empty(parse.Errors.Select(e => e.Message));
        Assert.Equal("probe", parse.CommandResult.Command.Name);
        Assert.Contains("--serve 127.0.0.1:9465", exec);
        Assert.Contains("--client-key /etc/oniongroove-probe/news.auth_private", exec);
        Assert.Contains("NoNewPrivileges=yes", unit);
    }
}
