using System.Globalization;
using System.Text;

namespace OnionGroove.Balancer.Metrics;

/// <summary>Renders <see cref="BalancerStatus"/> in the Prometheus text exposition format (0.0.4)
/// and parses it back (for <c>balancer status</c>, which reads the same endpoint people scrape).</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(BalancerStatus status)
    {
        var sb = new StringBuilder();
        void Help(string name, string type, string help) => sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        void Sample(string name, string labels, double value) =>
            sb.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

        Help("oniongroove_tor_connected", "gauge", "1 when the balancer is attached to tor's control port.");
        sb.Append("oniongroove_tor_connected ").Append(status.TorConnected ? 1 : 0).Append('\n');

        Help("oniongroove_service_intro_points", "gauge", "Intro points in the service's published descriptors.");
        foreach (var s in status.Services) Sample("oniongroove_service_intro_points", L(("service", s.Service.ToString())), s.IntroPoints);
        Help("oniongroove_service_descriptors", "gauge", "Distinct descriptors published per time period.");
        foreach (var s in status.Services) Sample("oniongroove_service_descriptors", L(("service", s.Service.ToString())), s.Descriptors);
        Help("oniongroove_service_last_publish_timestamp_seconds", "gauge", "Unix time of the last upload an HSDir accepted.");
        foreach (var s in status.Services)
            if (s.LastSuccessfulPublish is { } t) Sample("oniongroove_service_last_publish_timestamp_seconds", L(("service", s.Service.ToString())), t.ToUnixTimeSeconds());
        // A timestamp, not a countdown, so alerts compute the time left themselves
        // (e.g. oniongroove_signing_bundle_runs_out_timestamp_seconds - time() < 7 * 86400).
        Help("oniongroove_signing_bundle_runs_out_timestamp_seconds", "gauge", "Unix time the service's signing bundle runs out (the end of its last period); absent for a service with its identity key.");
        foreach (var s in status.Services)
            if (s.SigningBundleRunsOut is { } t) Sample("oniongroove_signing_bundle_runs_out_timestamp_seconds", L(("service", s.Service.ToString())), t.ToUnixTimeSeconds());

        Help("oniongroove_service_pow_publishing", "gauge", "1 for the service's PoW state: off, withheld (pow on/follow, but backends cannot verify solutions for the frontend, so no pow-params), published.");
        foreach (var s in status.Services)
            Sample("oniongroove_service_pow_publishing", L(("service", s.Service.ToString()), ("state", s.Pow.ToString().ToLowerInvariant())), 1);

        Help("oniongroove_backend_descriptor_age_seconds", "gauge", "Age of the newest valid descriptor of the backend.");
        foreach (var s in status.Services)
            foreach (var b in s.Backends)
                if (b.DescriptorAgeSeconds is { } age) Sample("oniongroove_backend_descriptor_age_seconds", BL(s, b), Math.Round(age, 1));
        Help("oniongroove_backend_intro_points", "gauge", "Intro points in the backend's current descriptor.");
        foreach (var s in status.Services) foreach (var b in s.Backends) Sample("oniongroove_backend_intro_points", BL(s, b), b.IntroPoints);
        Help("oniongroove_backend_healthy", "gauge", "1 when the backend passes health checks (or has none).");
        foreach (var s in status.Services) foreach (var b in s.Backends) Sample("oniongroove_backend_healthy", BL(s, b), b.Healthy ? 1 : 0);
        Help("oniongroove_backend_published", "gauge", "1 when the backend's intro points are in a published descriptor.");
        foreach (var s in status.Services) foreach (var b in s.Backends) Sample("oniongroove_backend_published", BL(s, b), b.Published ? 1 : 0);
        Help("oniongroove_backend_pow_suggested_effort", "gauge", "Suggested PoW effort in the backend's pow-params (absent: its PoW defence is off).");
        foreach (var s in status.Services) foreach (var b in s.Backends)
                if (b.PowEffort is { } effort) Sample("oniongroove_backend_pow_suggested_effort", BL(s, b), effort);
        Help("oniongroove_backend_pow_seed_age_seconds", "gauge", "Time since the balancer first saw the backend's current PoW seed.");
        foreach (var s in status.Services) foreach (var b in s.Backends)
                if (b.PowSeedAgeSeconds is { } seedAge) Sample("oniongroove_backend_pow_seed_age_seconds", BL(s, b), Math.Round(seedAge, 1));

        Help("oniongroove_hsdir_uploads_total", "counter", "Descriptor uploads the HSDir accepted.");
        foreach (var s in status.Services) foreach (var h in s.HsDirs) Sample("oniongroove_hsdir_uploads_total", HL(s, h), h.Uploads);
        Help("oniongroove_hsdir_upload_failures_total", "counter", "Descriptor uploads that failed or got no answer.");
        foreach (var s in status.Services) foreach (var h in s.HsDirs) Sample("oniongroove_hsdir_upload_failures_total", HL(s, h), h.Failures);
        Help("oniongroove_hsdir_upload_rejections_total", "counter", "Of the failures, uploads refused for an older revision counter.");
        foreach (var s in status.Services) foreach (var h in s.HsDirs) Sample("oniongroove_hsdir_upload_rejections_total", HL(s, h), h.Rejections);
        Help("oniongroove_hsdir_last_upload_timestamp_seconds", "gauge", "Unix time of the last upload the HSDir accepted.");
        foreach (var s in status.Services)
            foreach (var h in s.HsDirs)
                if (h.LastSuccess is { } t) Sample("oniongroove_hsdir_last_upload_timestamp_seconds", HL(s, h), t.ToUnixTimeSeconds());
        return sb.ToString();
    }

    private static string BL(ServiceStatus s, BackendStatus b) => L(("service", s.Service.ToString()), ("backend", b.Backend.ToString()), ("name", b.Name));
    private static string HL(ServiceStatus s, HsDirStatus h) => L(("service", s.Service.ToString()), ("hsdir", h.Fingerprint));

    private static string L(params (string Key, string Value)[] labels) =>
        string.Join(',', labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\""));

    private static string Escape(string v) => v.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    /// <summary>One parsed sample.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>Parses exposition text; malformed lines are reported, not thrown.</summary>
    public static (IReadOnlyList<Sample> Samples, IReadOnlyList<string> Errors) Parse(string text)
    {
        var samples = new List<Sample>();
        var errors = new List<string>();
        var n = 0;
        foreach (var raw in text.Split('\n'))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            if (TryParseLine(line, out var s)) samples.Add(s);
            else errors.Add($"line {n}: not a metric sample");
        }
        return (samples, errors);
    }

    private static bool TryParseLine(string line, out Sample sample)
    {
        sample = null!;
        var labels = new Dictionary<string, string>();
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':')) i++;
        if (i == 0) return false;
        var name = line[..i];
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"') return false;
                var key = line[i..eq].Trim();
                var sb = new StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                        sb.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else sb.Append(line[j]);
                }
                if (j >= line.Length) return false;
                labels[key] = sb.ToString();
                i = j + 1;
                if (i < line.Length && line[i] == ',') i++;
            }
            if (i >= line.Length) return false;
            i++;
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0 || !double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return false;
        sample = new Sample(name, labels, v);
        return true;
    }

    /// <summary>Rebuilds a status from scraped samples (the inverse of <see cref="Render"/>). Samples whose
    /// service or backend label is not an onion service id are not the balancer's and are left out.</summary>
    public static BalancerStatus ToStatus(IReadOnlyList<Sample> samples)
    {
        string S(Sample x, string k) => x.Labels.TryGetValue(k, out var v) ? v : "";
        double? Get(string name, Func<Sample, bool> match) => samples.FirstOrDefault(x => x.Name == name && match(x))?.Value;
        DateTimeOffset? Ts(double? v) => v is { } d ? DateTimeOffset.FromUnixTimeSeconds((long)d) : null;

        var services = samples.Where(x => x.Name == "oniongroove_service_intro_points").Select(x => S(x, "service"))
            .Where(l => ServiceId.TryParse(l, out _)).Distinct().ToList();
        var list = new List<ServiceStatus>();
        foreach (var svc in services)
        {
            bool Of(Sample x) => S(x, "service") == svc;
            var backends = samples.Where(x => x.Name == "oniongroove_backend_intro_points" && Of(x))
                .Select(x => (Label: S(x, "backend"), Name: S(x, "name"))).Distinct()
                .Where(b => ServiceId.TryParse(b.Label, out _))
                .Select(b =>
                {
                    bool Is(Sample x) => Of(x) && S(x, "backend") == b.Label;
                    return new BackendStatus(ServiceId.Parse(b.Label), b.Name,
                        Get("oniongroove_backend_descriptor_age_seconds", Is),
                        (int)(Get("oniongroove_backend_intro_points", Is) ?? 0),
                        Get("oniongroove_backend_healthy", Is) is not 0.0,
                        Get("oniongroove_backend_published", Is) is 1.0,
                        Get("oniongroove_backend_pow_suggested_effort", Is) is { } e ? (long)e : null,
                        Get("oniongroove_backend_pow_seed_age_seconds", Is));
                }).ToList();
            var hsdirs = samples.Where(x => x.Name == "oniongroove_hsdir_uploads_total" && Of(x)).Select(x => S(x, "hsdir")).Distinct()
                .Select(h =>
                {
                    bool Is(Sample x) => Of(x) && S(x, "hsdir") == h;
                    return new HsDirStatus(h, (long)(Get("oniongroove_hsdir_uploads_total", Is) ?? 0),
                        (long)(Get("oniongroove_hsdir_upload_failures_total", Is) ?? 0),
                        Ts(Get("oniongroove_hsdir_last_upload_timestamp_seconds", Is)),
                        (long)(Get("oniongroove_hsdir_upload_rejections_total", Is) ?? 0));
                }).ToList();
            list.Add(new ServiceStatus(ServiceId.Parse(svc),
                (int)(Get("oniongroove_service_intro_points", Of) ?? 0),
                (int)(Get("oniongroove_service_descriptors", Of) ?? 0),
                Ts(Get("oniongroove_service_last_publish_timestamp_seconds", Of)),
                backends, hsdirs,
                Ts(Get("oniongroove_signing_bundle_runs_out_timestamp_seconds", Of)))
            {
                Pow = samples.FirstOrDefault(x => x.Name == "oniongroove_service_pow_publishing" && Of(x) && x.Value == 1) is { } pw
                      && Enum.TryParse<Selection.PowPublishing>(S(pw, "state"), ignoreCase: true, out var state) ? state : Selection.PowPublishing.Off,
            });
        }
        return new BalancerStatus(samples.Any(x => x.Name == "oniongroove_tor_connected" && x.Value == 1), list);
    }
}
