using OnionGroove.Probe.Checks;
using OnionGroove.Probe.Network;
using OnionGroove.Probe.Site;

namespace OnionGroove.Probe;

/// <summary>How a site looks to its visitors. Ordered: a round's worst site sets the exit code.</summary>
public enum Verdict
{
    /// <summary>Every responsible HSDir serves a good descriptor and the site answers.</summary>
    Ok,
    /// <summary>Visitors get through, but something needs attention (an HSDir without the
    /// descriptor, a warning on it, a server error, a certificate running out or not for the name).</summary>
    Degraded,
    /// <summary>Visitors cannot reach it: no usable descriptor on any HSDir, or the site does not answer.</summary>
    Unreachable,
}

/// <summary>Turns the facts of one probe into a verdict and the reasons for it, one line each.</summary>
public static class ProbeVerdict
{
    public static (Verdict Verdict, IReadOnlyList<string> Reasons) Judge(IReadOnlyList<HsDirResult> hsDirs, DescriptorReview? descriptor,
        IReadOnlyList<SiteResult> fetches, ProbeSettings settings, DateTimeOffset now)
    {
        var unreachable = new List<string>();
        var degraded = new List<string>();
        var usable = hsDirs.Count(h => h.Usable);
        if (hsDirs.Count == 0) unreachable.Add("no responsible HSDirs known (tor's consensus has no HSDirs for this period)");
        else if (usable == 0) unreachable.Add($"none of the {hsDirs.Count} responsible HSDirs serves a usable descriptor");
        else if (usable < hsDirs.Count)
            degraded.Add($"{hsDirs.Count - usable} of {hsDirs.Count} responsible HSDirs do not serve a usable descriptor: "
                         + string.Join(", ", hsDirs.Where(h => !h.Usable).Select(h => $"{h.Fingerprint[..8]} ({h.Error ?? FirstProblem(h.Descriptor)})")));
        if (descriptor is not null)
            foreach (var c in descriptor.Checks.Where(c => c.Status != CheckStatus.Ok))
                (c.Status == CheckStatus.Fail && usable == 0 ? unreachable : degraded).Add($"descriptor {c.Name}: {c.Detail}");

        foreach (var f in fetches)
        {
            if (!f.Reached) unreachable.Add($"{f.Url}: {f.Error}");
            else if (!f.Ok) degraded.Add($"{f.Url}: HTTP {f.StatusCode}");
            if (f.Tls is { } tls)
            {
                if (tls.NotAfter <= now) degraded.Add($"{f.Url}: certificate expired at {tls.NotAfter:u}");
                else if (tls.NotAfter - now < settings.TlsExpiryWarning) degraded.Add($"{f.Url}: certificate expires at {tls.NotAfter:u}");
                if (!tls.NameMatches) degraded.Add($"{f.Url}: certificate ({tls.Subject}) is not for this .onion name");
                if (!tls.Trusted && settings.RequireTrustedCertificate) degraded.Add($"{f.Url}: certificate not issued by a trusted CA");
            }
        }
        return unreachable.Count > 0 ? (Verdict.Unreachable, [.. unreachable, .. degraded])
            : degraded.Count > 0 ? (Verdict.Degraded, degraded)
            : (Verdict.Ok, []);
    }

    private static string FirstProblem(DescriptorReview? d) =>
        d?.Checks.FirstOrDefault(c => c.Status == CheckStatus.Fail)?.Detail ?? "no descriptor";
}
