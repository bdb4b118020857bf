using System.Globalization;
using System.Text.RegularExpressions;

namespace OnionGroove.Probe.Doctor;

/// <summary>Checks of what a host says about itself: its tor's version and its clock.</summary>
public static partial class HostFacts
{
    public const string TorVersion = "tor_version", Clock = "clock";

    /// <summary>The oldest tor we support: 0.4.8 brings onion-service proof-of-work (prop327), which
    /// the descriptors we publish carry; older series are out of support upstream too.</summary>
    public static readonly Version MinimumTor = new(0, 4, 8);

    /// <summary>A clock further off than this is an error (descriptors, certificates and consensus
    /// validity are all times; tor itself warns from about a minute).</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"Tor version (\d+)\.(\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex VersionLine();

    public static DoctorFinding EvaluateTorVersion(string host, string versionOutput)
    {
        var m = VersionLine().Match(versionOutput);
        if (!m.Success)
            return DoctorFinding.Fail(TorVersion, host, "tor is not installed or `tor --version` said nothing useful", "install tor (the deployment's play does)");
        var v = new Version(Int(m, 1), Int(m, 2), Int(m, 3), m.Groups[4].Success ? Int(m, 4) : 0);
        return v >= MinimumTor
            ? DoctorFinding.Pass(TorVersion, host, $"tor {v}")
            : DoctorFinding.Fail(TorVersion, host, $"tor {v} is older than {MinimumTor}", "install tor from deb.torproject.org (the play's tor role)");
    }

    /// <summary><paramref name="remoteEpoch"/> is the host's `date +%s` read between our
    /// <paramref name="before"/> and <paramref name="after"/>; <paramref name="ntp"/> is
    /// `timedatectl show -p NTPSynchronized --value` (yes/no; null when unknown); <paramref name="container"/> is
    /// `systemd-detect-virt --container` (e.g. "systemd-nspawn", "none"; null when unknown).</summary>
    public static DoctorFinding EvaluateClock(string host, string remoteEpoch, DateTimeOffset before, DateTimeOffset after, string? ntp,
        string? container = null)
    {
        if (!double.TryParse(remoteEpoch.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
            return DoctorFinding.Fail(Clock, host, $"cannot read its clock (`date +%s` said \"{remoteEpoch.Trim()}\")", "check the SSH access to the host");
        var remote = DateTimeOffset.UnixEpoch.AddSeconds(epoch);
        // Outside our window by more than the tolerance (date +%s has 1 s resolution).
        var skew = remote < before ? remote - before : remote > after.AddSeconds(1) ? remote - after.AddSeconds(1) : TimeSpan.Zero;
        var sync = ntp?.Trim();
        var fix = "enable time synchronisation: `timedatectl set-ntp true` (systemd-timesyncd) or install chrony";
        if (skew.Duration() > MaxSkew)
            return DoctorFinding.Fail(Clock, host, $"its clock is {skew.TotalSeconds:+0;-0} s off ours", fix);
        // A container reads its host kernel's clock and cannot synchronise it (systemd-timesyncd does not
        // run there), so NTPSynchronized=no says nothing about it: the skew above is what can be checked.
        var inContainer = container?.Trim() is { Length: > 0 } c && c != "none";
        if (sync == "no" && inContainer)
            return DoctorFinding.Pass(Clock, host, $"within {Math.Max(1, skew.Duration().TotalSeconds):0} s of ours; a container ({container!.Trim()}) on its host's clock, which is the one to keep synchronised");
        if (sync == "no")
            return DoctorFinding.Fail(Clock, host, $"its clock is within {MaxSkew.TotalSeconds:0} s of ours but not synchronised (NTPSynchronized=no)", fix);
        return DoctorFinding.Pass(Clock, host, $"within {Math.Max(1, skew.Duration().TotalSeconds):0} s of ours" + (sync == "yes" ? ", NTP synchronised" : ""));
    }

    private static int Int(Match m, int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
}
