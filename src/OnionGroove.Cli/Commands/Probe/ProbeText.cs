using System.Globalization;
using OnionGroove.Probe;
using OnionGroove.Probe.Checks;

namespace OnionGroove.Cli.Commands.Probe;

/// <summary>The probe's report for people: per site the verdict, each HSDir, the descriptor's
/// checks, the fetches and the reasons.</summary>
internal static class ProbeText
{
    public static void Write(TextWriter w, ProbeRound round)
    {
        foreach (var r in round.Reports)
        {
            w.WriteLine($"{r.Name}{(r.Name == r.Address ? "" : $" ({r.Address})")}: {Word(r.Verdict)} in {S(r.DurationSeconds)}"
                        + (r.TimePeriod is { } tp ? $", time period {tp}" : ""));
            if (r.HsDirs.Count > 0)
            {
                w.WriteLine($"  HSDirs: {r.HsDirs.Count(h => h.Usable)} of {r.HsDirs.Count} serve a usable descriptor");
                foreach (var h in r.HsDirs)
                    w.WriteLine($"    {Mark(h.Usable)} {h.Fingerprint} {(h.ClientsFetchHere ? "fetch" : "     ")} {S(h.LatencySeconds),8}  "
                                + (h.RevisionCounter is { } rc ? $"revision {rc}" : h.Error ?? FirstFailure(h.Descriptor)));
            }
            if (r.Descriptor is { } d)
            {
                if (d.Facts is { } f)
                    w.WriteLine($"  descriptor: revision {f.RevisionCounter}, {f.IntroPoints} intro points, {f.Size} bytes, lifetime {f.LifetimeMinutes} min"
                                + (f.ClientAuth ? ", client auth" : ""));
                foreach (var c in d.Checks) w.WriteLine($"    {Mark(c.Status)} {c.Name}: {c.Detail}");
            }
            foreach (var f in r.Fetches)
            {
                var line = f.Reached ? $"HTTP {f.StatusCode} in {S(f.LatencySeconds)}" : $"unreachable after {S(f.LatencySeconds)}: {f.Error}";
                if (f.ClockSkewSeconds is { } skew && Math.Abs(skew) >= 2) line += $", its clock is {skew:+0;-0} s off ours";
                w.WriteLine($"  {f.Url}: {line}");
                if (f.Tls is { } t)
                    w.WriteLine($"    certificate {t.Subject}: until {t.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, "
                                + $"{(t.NameMatches ? "valid for this name" : "NOT for this name")}, {(t.Trusted ? "trusted issuer" : "not from a trusted CA")}");
            }
            foreach (var reason in r.Reasons) w.WriteLine($"  ! {reason}");
        }
        if (round.Reports.Count > 1)
            w.WriteLine($"{round.Reports.Count(r => r.Verdict == Verdict.Ok)} ok, {round.Reports.Count(r => r.Verdict == Verdict.Degraded)} degraded, "
                        + $"{round.Reports.Count(r => r.Verdict == Verdict.Unreachable)} unreachable");
    }

    private static string Word(Verdict v) => v switch { Verdict.Ok => "ok", Verdict.Degraded => "DEGRADED", _ => "UNREACHABLE" };
    private static string Mark(bool ok) => ok ? "✓" : "✗";
    private static string Mark(CheckStatus s) => s switch { CheckStatus.Ok => "✓", CheckStatus.Warn => "!", _ => "✗" };
    private static string S(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
    private static string FirstFailure(DescriptorReview? d) => d?.Checks.FirstOrDefault(c => c.Status != CheckStatus.Ok)?.Detail ?? "";
}
