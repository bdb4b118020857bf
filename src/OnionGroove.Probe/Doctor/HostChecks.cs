namespace OnionGroove.Probe.Doctor;

/// <summary>The per-host items of the checklist, run through <see cref="HostShell"/>.</summary>
public static class HostChecks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<DoctorFinding>> RunAsync(HostShell host, bool frontend, CancellationToken ct = default)
    {
        var version = await host.RunAsync("tor --version 2>/dev/null | head -n 1", Timeout, ct).ConfigureAwait(false);
        if (version.ExitCode == 255 && !host.IsLocal)
            return [DoctorFinding.Fail("ssh", host.ToString(), $"cannot log in: {version.Stderr.Trim()}", "check the host's address and your SSH key (ssh-add; the inventory's user and port)")];
        var findings = new List<DoctorFinding> { HostFacts.EvaluateTorVersion(host.ToString(), version.Stdout) };
        var before = DateTimeOffset.UtcNow;
        var clock = await host.RunAsync(
            "date +%s; echo \"ntp=$(timedatectl show -p NTPSynchronized --value 2>/dev/null)\"; echo \"virt=$(systemd-detect-virt --container 2>/dev/null)\"",
            Timeout, ct).ConfigureAwait(false);
        var after = DateTimeOffset.UtcNow;
        var lines = clock.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string? Tagged(string tag) => lines.FirstOrDefault(l => l.StartsWith(tag, StringComparison.Ordinal))?[tag.Length..] is { Length: > 0 } v ? v : null;
        findings.Add(HostFacts.EvaluateClock(host.ToString(), lines.Length > 0 ? lines[0] : clock.Stderr, before, after, Tagged("ntp="), Tagged("virt=")));
        var keys = await host.RunAsync(KeyAndUnitFacts.KeysCommand, Timeout, ct).ConfigureAwait(false);
        findings.Add(KeyAndUnitFacts.EvaluateKeys(host.ToString(), keys.Stdout));
        if (frontend)
        {
            var unit = await host.RunAsync(KeyAndUnitFacts.UnitCommand, Timeout, ct).ConfigureAwait(false);
            findings.Add(KeyAndUnitFacts.EvaluateUnit(host.ToString(), unit.Stdout));
        }
        return findings;
    }
}
