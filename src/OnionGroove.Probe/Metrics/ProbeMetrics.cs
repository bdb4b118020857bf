using System.Globalization;
using System.Text;
using OnionGroove.Probe.Checks;

namespace OnionGroove.Probe.Metrics;

/// <summary>The probe's Prometheus metrics (text exposition format 0.0.4), per site labelled
/// <c>site</c> (the name) and <c>address</c>. Names follow onionprobe's ideas under our own prefix;
/// docs/probe.md lists them. Every metric's HELP and TYPE are written even without samples, so a
/// scrape always shows what exists.</summary>
public static class ProbeMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IReadOnlyList<SiteReport> reports, ProbeRunInfo run)
    {
        var w = new Writer();
        w.Metric("oniongroove_probe_runs_total", "counter", "Probe rounds completed since the probe started.");
        w.Sample("oniongroove_probe_runs_total", "", run.Rounds);
        w.Metric("oniongroove_probe_last_round_timestamp_seconds", "gauge", "Unix time the last probe round ended.");
        if (run.LastRound is { } last) w.Sample("oniongroove_probe_last_round_timestamp_seconds", "", last.ToUnixTimeSeconds());
        w.Metric("oniongroove_probe_descriptor_max_size_bytes", "gauge", "HSV3MaxDescriptorSize in tor's consensus: HSDirs refuse larger descriptors.");
        if (run.MaxDescriptorSize is { } max) w.Sample("oniongroove_probe_descriptor_max_size_bytes", "", max);

        w.Metric("oniongroove_probe_site_reachable", "gauge", "1 when visitors reach the site (a usable descriptor and an HTTP answer).");
        w.Metric("oniongroove_probe_site_degraded", "gauge", "1 when the site is reachable but something needs attention (see the probe's reasons).");
        w.Metric("oniongroove_probe_duration_seconds", "gauge", "How long the last probe of the site took.");
        w.Metric("oniongroove_probe_timestamp_seconds", "gauge", "Unix time the site was last probed.");
        w.Metric("oniongroove_probe_hsdirs_responsible", "gauge", "HSDirs responsible for the descriptor clients fetch now.");
        w.Metric("oniongroove_probe_hsdirs_with_descriptor", "gauge", "Of those, how many served a usable descriptor.");
        w.Metric("oniongroove_probe_hsdir_descriptor_found", "gauge", "1 when this HSDir served a usable descriptor of the site.");
        w.Metric("oniongroove_probe_hsdir_fetch_latency_seconds", "gauge", "Time for this HSDir's answer to HSFETCH (descriptor or failure).");
        w.Metric("oniongroove_probe_hsdir_descriptor_revision", "gauge", "Revision counter of the descriptor this HSDir served.");
        w.Metric("oniongroove_probe_descriptor_valid", "gauge", "1 when the newest descriptor passes every check (signature chain, certificate, intro points, size).");
        w.Metric("oniongroove_probe_descriptor_revision", "gauge", "Revision counter of the newest descriptor.");
        w.Metric("oniongroove_probe_descriptor_size_bytes", "gauge", "Size of the newest descriptor.");
        w.Metric("oniongroove_probe_descriptor_intro_points", "gauge", "Introduction points in the newest descriptor.");
        w.Metric("oniongroove_probe_descriptor_lifetime_seconds", "gauge", "descriptor-lifetime of the newest descriptor.");
        w.Metric("oniongroove_probe_descriptor_signing_cert_expiry_timestamp_seconds", "gauge", "Unix time the newest descriptor's signing-key certificate expires.");
        w.Metric("oniongroove_probe_descriptor_pow_enabled", "gauge", "1 when the newest descriptor offers proof-of-work (pow-params).");
        w.Metric("oniongroove_probe_descriptor_pow_suggested_effort", "gauge", "Suggested proof-of-work effort in the newest descriptor.");
        w.Metric("oniongroove_probe_http_latency_seconds", "gauge", "Time to the response headers of the site's page over tor, per scheme.");
        w.Metric("oniongroove_probe_http_status_code", "gauge", "HTTP status of the site's page, per scheme (absent when unreachable).");
        w.Metric("oniongroove_probe_http_reachable", "gauge", "1 when the site's page answered, per scheme.");
        w.Metric("oniongroove_probe_clock_skew_seconds", "gauge", "The site's Date header minus the probe's clock (positive: the site is ahead).");
        w.Metric("oniongroove_probe_tls_cert_expiry_timestamp_seconds", "gauge", "Unix time the site's TLS certificate expires.");
        w.Metric("oniongroove_probe_tls_cert_name_matches", "gauge", "1 when the site's TLS certificate is valid for its .onion name.");
        w.Metric("oniongroove_probe_tls_cert_trusted", "gauge", "1 when a CA the probe host trusts issued the site's TLS certificate.");

        foreach (var r in reports)
        {
            var site = W.L(("site", r.Name), ("address", r.Address));
            w.Add("oniongroove_probe_site_reachable", site, r.Verdict != Verdict.Unreachable ? 1 : 0);
            w.Add("oniongroove_probe_site_degraded", site, r.Verdict == Verdict.Degraded ? 1 : 0);
            w.Add("oniongroove_probe_duration_seconds", site, Math.Round(r.DurationSeconds, 3));
            w.Add("oniongroove_probe_timestamp_seconds", site, r.ProbedAt.ToUnixTimeSeconds());
            w.Add("oniongroove_probe_hsdirs_responsible", site, r.HsDirs.Count);
            w.Add("oniongroove_probe_hsdirs_with_descriptor", site, r.HsDirs.Count(h => h.Usable));
            foreach (var h in r.HsDirs)
            {
                var hl = W.L(("site", r.Name), ("address", r.Address), ("hsdir", h.Fingerprint), ("clients_fetch", h.ClientsFetchHere ? "true" : "false"));
                w.Add("oniongroove_probe_hsdir_descriptor_found", hl, h.Usable ? 1 : 0);
                w.Add("oniongroove_probe_hsdir_fetch_latency_seconds", hl, Math.Round(h.LatencySeconds, 3));
                if (h.RevisionCounter is { } rc) w.Add("oniongroove_probe_hsdir_descriptor_revision", hl, rc);
            }
            if (r.Descriptor is { } d)
            {
                w.Add("oniongroove_probe_descriptor_valid", site, d.Usable && !d.HasWarnings ? 1 : 0);
                if (d.Facts is { } f)
                {
                    w.Add("oniongroove_probe_descriptor_revision", site, f.RevisionCounter);
                    w.Add("oniongroove_probe_descriptor_size_bytes", site, f.Size);
                    w.Add("oniongroove_probe_descriptor_intro_points", site, f.IntroPoints);
                    w.Add("oniongroove_probe_descriptor_lifetime_seconds", site, f.LifetimeMinutes * 60);
                    w.Add("oniongroove_probe_descriptor_signing_cert_expiry_timestamp_seconds", site, f.SigningCertificateExpires.ToUnixTimeSeconds());
                    w.Add("oniongroove_probe_descriptor_pow_enabled", site, f.Pow is null ? 0 : 1);
                    if (f.Pow?.SuggestedEffort is { } effort) w.Add("oniongroove_probe_descriptor_pow_suggested_effort", site, effort);
                }
            }
            foreach (var f in r.Fetches)
            {
                var fl = W.L(("site", r.Name), ("address", r.Address), ("scheme", new Uri(f.Url).Scheme));
                w.Add("oniongroove_probe_http_reachable", fl, f.Reached ? 1 : 0);
                w.Add("oniongroove_probe_http_latency_seconds", fl, Math.Round(f.LatencySeconds, 3));
                if (f.StatusCode is { } code) w.Add("oniongroove_probe_http_status_code", fl, code);
                if (f.ClockSkewSeconds is { } skew) w.Add("oniongroove_probe_clock_skew_seconds", fl, skew);
                if (f.Tls is { } tls)
                {
                    w.Add("oniongroove_probe_tls_cert_expiry_timestamp_seconds", site, tls.NotAfter.ToUnixTimeSeconds());
                    w.Add("oniongroove_probe_tls_cert_name_matches", site, tls.NameMatches ? 1 : 0);
                    w.Add("oniongroove_probe_tls_cert_trusted", site, tls.Trusted ? 1 : 0);
                }
            }
        }
        return w.ToString();
    }

    /// <summary>Collects samples per metric so each metric's lines stay together after its HELP/TYPE.</summary>
    private sealed class Writer
    {
        private readonly List<(string Name, string Help, string Type)> _order = [];
        private readonly Dictionary<string, StringBuilder> _samples = [];

        public void Metric(string name, string type, string help)
        {
            _order.Add((name, help, type));
            _samples[name] = new StringBuilder();
        }

        public void Sample(string name, string labels, double value) => Add(name, labels, value);

        public void Add(string name, string labels, double value)
        {
            var sb = _samples[name];
            sb.Append(name);
            if (labels.Length > 0) sb.Append('{').Append(labels).Append('}');
            sb.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var (name, help, type) in _order)
                sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
                  .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
                  .Append(_samples[name]);
            return sb.ToString();
        }
    }

    private static class W
    {
        public static string L(params (string Key, string Value)[] labels) =>
            string.Join(',', labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\""));

        private static string Escape(string v) => v.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
    }
}

/// <summary>Facts of the serving loop itself, for the metrics.</summary>
public sealed record ProbeRunInfo(long Rounds, DateTimeOffset? LastRound, int? MaxDescriptorSize);
