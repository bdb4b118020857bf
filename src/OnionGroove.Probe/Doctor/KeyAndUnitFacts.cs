namespace OnionGroove.Probe.Doctor;

/// <summary>Checks of the deployed files and units: onion keys readable by tor's user only, and the
/// balancer's unit with the hardening its role writes (roles/oniongroove_balancer's unit template).</summary>
public static class KeyAndUnitFacts
{
    public const string Keys = "key_files", Hardening = "unit_hardening";

    /// <summary>Where the tor role keeps one HiddenServiceDir per service (roles/tor defaults).</summary>
    public const string OnionServicesDir = "/var/lib/tor/onion";
    public const string TorUser = "debian-tor";
    public const string BalancerUnit = "oniongroove-balancer";

    public static string KeysCommand => $"find {OnionServicesDir} -name hs_ed25519_secret_key -printf '%u %m %p\\n' 2>/dev/null || true";

    /// <summary>Lines "OWNER MODE PATH" from <see cref="KeysCommand"/>.</summary>
    public static DoctorFinding EvaluateKeys(string host, string findOutput)
    {
        var lines = findOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return DoctorFinding.Pass(Keys, host, $"no onion keys under {OnionServicesDir}");
        var bad = lines.Select(l => l.Split(' ', 3)).Where(f => f.Length < 3 || f[0] != TorUser || f[1] is not ("600" or "400"))
            .Select(f => string.Join(' ', f)).ToList();
        return bad.Count == 0
            ? DoctorFinding.Pass(Keys, host, $"{lines.Length} key(s) owned by {TorUser}, mode 0600")
            : DoctorFinding.Fail(Keys, host, $"{bad.Count} key(s) with the wrong owner or mode: {string.Join("; ", bad.Take(3))}",
                $"chown {TorUser}: and chmod 0600 each key, or re-run the play (the onion_backend role writes them so)");
    }

    /// <summary>The settings the role's unit sets that matter most, as `systemctl show` prints them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Expected = new Dictionary<string, string>
    {
        ["NoNewPrivileges"] = "yes", ["ProtectSystem"] = "strict", ["ProtectHome"] = "yes", ["PrivateTmp"] = "yes",
        ["PrivateDevices"] = "yes", ["RestrictSUIDSGID"] = "yes",
    };

    public static string UnitCommand => $"systemctl show {BalancerUnit} -p LoadState " + string.Join(' ', Expected.Keys.Select(k => "-p " + k));

    public static DoctorFinding EvaluateUnit(string host, string showOutput)
    {
        var values = showOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (values.GetValueOrDefault("LoadState") != "loaded")
            return DoctorFinding.Skip(Hardening, host, $"{BalancerUnit}.service is not installed here", "run the play for the frontend hosts");
        var wrong = Expected.Where(e => values.GetValueOrDefault(e.Key) != e.Value).Select(e => $"{e.Key}={values.GetValueOrDefault(e.Key) ?? "?"} (want {e.Value})").ToList();
        return wrong.Count == 0
            ? DoctorFinding.Pass(Hardening, host, $"{BalancerUnit}.service: " + string.Join(", ", Expected.Select(e => $"{e.Key}={e.Value}")))
            : DoctorFinding.Fail(Hardening, host, $"{BalancerUnit}.service: {string.Join(", ", wrong)}",
                "remove local overrides (systemctl revert oniongroove-balancer) and re-run the play");
    }
}
