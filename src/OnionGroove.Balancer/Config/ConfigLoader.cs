using System.Globalization;
using OnionGroove.Core;
using OnionGroove.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace OnionGroove.Balancer.Config;

/// <summary>Reads Onionbalance's <c>config.yaml</c> unchanged plus our extensions, and reports
/// every problem with its line before anything starts (no exceptions for bad input).</summary>
public static class ConfigLoader
{
    /// <summary>Keys Onionbalance accepts at the top level that mean nothing to us (v2 polling
    /// interval, its status socket); accepted so an existing file loads unchanged.</summary>
    private static readonly HashSet<string> IgnoredTopLevel = ["REFRESH_INTERVAL", "status-socket-location"];

    public const int MaxIntroPointsPerDescriptor = 20;

    /// <summary>Reads and parses <paramref name="path"/>: the configuration, or every problem.</summary>
    public static Result<BalancerConfig, IReadOnlyList<Problem>> LoadFile(string path) => ReadDraft(path).ToResult();

    /// <summary>Parses configuration text; <paramref name="sourcePath"/> anchors relative paths and
    /// names the file in problems.</summary>
    public static Result<BalancerConfig, IReadOnlyList<Problem>> Parse(string text, string sourcePath) => ParseDraft(text, sourcePath).ToResult();

    /// <summary>The file as far as it could be read, with every problem (see <see cref="ConfigDraft"/>).
    /// A FIFO, a device or an oversized file is refused unread; a symlink the operator made is followed.</summary>
    internal static ConfigDraft ReadDraft(string path)
    {
        var full = Path.GetFullPath(path);
        if (!YamlFile.ReadText(full).TryGet(out var text, out var unreadable))
            return new(null, [new Problem($"cannot read the configuration: {unreadable.Message}", Source: path)]);
        return ParseDraft(text, full);
    }

    internal static ConfigDraft ParseDraft(string text, string sourcePath)
    {
        var p = new Problems(sourcePath);
        if (!YamlFile.Load(text).TryGet(out var node, out var yamlProblems))
        {
            foreach (var y in yamlProblems) p.Add(y.Line, $"not valid YAML: {y.Message}");
            return new(null, p.List);
        }
        if (node is not YamlMappingNode root)
        {
            p.Add(0, "the file must be a YAML mapping with a 'services' list");
            return new(null, p.List);
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? "/";
        var tor = TorSettings.Default;
        var metrics = new MetricsSettings(MetricsSettings.DefaultListen);
        var services = new List<ServiceConfig>();
        // Services as far as they could be read (bad entries left out), so that key files can
        // still be checked in the same pass when other parts of the file are wrong.
        var partial = new List<ServiceConfig>();
        var sawServices = false;
        var warnDays = ServiceConfig.DefaultBundleWarnDays;

        foreach (var (k, v) in root.Children)
        {
            var key = Scalar(k);
            switch (key)
            {
                case "services":
                    sawServices = true;
                    if (v is not YamlSequenceNode seq) { p.Add(v, "'services' must be a list"); break; }
                    foreach (var s in seq.Children)
                    {
                        var (svc, clean) = ParseService(s, dir, p);
                        if (svc is null) continue;
                        partial.Add(svc);
                        if (clean) services.Add(svc);
                    }
                    break;
                case "tor":
                    tor = ParseTor(v, dir, p);
                    break;
                case "metrics":
                    metrics = ParseMetrics(v, p);
                    break;
                case "bundle_warn_days":
                    warnDays = RequireInt(v, "bundle_warn_days", 0, 366, p) ?? warnDays;
                    break;
                case { } when IgnoredTopLevel.Contains(key):
                    break;
                default:
                    p.Add(k, $"unknown key '{key}' (expected services, tor, metrics, bundle_warn_days)");
                    break;
            }
        }
        if (!sawServices) p.Add(0, "'services' is missing");
        else if (services.Count == 0 && p.List.Count == 0) p.Add(0, "'services' is empty: configure at least one service");

        CheckDuplicates(partial, p);
        // The key may come after 'services' in the file: applied once everything is read.
        partial = [.. partial.Select(s => s with { BundleWarnDays = warnDays })];
        services = [.. services.Select(s => s with { BundleWarnDays = warnDays })];
        return p.List.Count > 0
            ? new(new BalancerConfig(sourcePath, tor, metrics, partial), p.List)
            : new(new BalancerConfig(sourcePath, tor, metrics, services), []);
    }

    /// <summary>One service: null when it has no usable key path; otherwise what could be read of
    /// it (bad instances left out), with <c>Clean</c> false when anything in it was wrong.</summary>
    private static (ServiceConfig? Service, bool Clean) ParseService(YamlNode node, string dir, Problems p)
    {
        if (node is not YamlMappingNode m) { p.Add(node, "each service must be a mapping with 'key' and 'instances'"); return (null, false); }
        string? key = null, address = null;
        var instances = new List<InstanceConfig>();
        var clients = new List<string>();
        bool distinct = false, sawInstances = false;
        int perInstance = 0, max = MaxIntroPointsPerDescriptor;
        HealthCheckConfig? health = null;
        var pow = PowMode.Off;
        var powVerify = false;
        var powMin = 0;
        var before = p.List.Count;

        foreach (var (k, v) in m.Children)
        {
            switch (Scalar(k))
            {
                case "key":
                    key = RequireString(v, "key", p) is { } kp ? Resolve(dir, kp) : null;
                    break;
                case "address":
                    // Our extension: the frontend the key or signing bundle must be for.
                    if (RequireString(v, "address", p) is { } a)
                    {
                        if (OnionAddressCheck.Normalize(a).TryGet(out var norm, out var err)) address = norm;
                        else p.Add(v, $"service address '{a}' is not a v3 onion address: {err.Message}");
                    }
                    break;
                case "instances":
                    sawInstances = true;
                    if (v is not YamlSequenceNode seq) { p.Add(v, "'instances' must be a list"); break; }
                    foreach (var i in seq.Children)
                        if (ParseInstance(i, dir, p) is { } inst) instances.Add(inst);
                    break;
                case "authorized_clients":
                    if (v is not YamlSequenceNode cs) { p.Add(v, "'authorized_clients' must be a list of .auth files"); break; }
                    foreach (var c in cs.Children)
                        if (RequireString(c, "authorized client", p) is { } cp) clients.Add(Resolve(dir, cp));
                    break;
                case "distinct_descriptors":
                    distinct = RequireBool(v, "distinct_descriptors", p) ?? false;
                    break;
                case "intro_points_per_instance":
                    perInstance = RequireInt(v, "intro_points_per_instance", 1, MaxIntroPointsPerDescriptor, p) ?? 0;
                    break;
                case "max_intro_points":
                    max = RequireInt(v, "max_intro_points", 1, MaxIntroPointsPerDescriptor, p) ?? max;
                    break;
                case "health_check":
                    health = ParseHealth(v, p);
                    break;
                case "pow":
                    pow = ParsePow(v, p) ?? pow;
                    break;
                case "pow_backends_verify_frontend":
                    powVerify = RequireBool(v, "pow_backends_verify_frontend", p) ?? false;
                    break;
                case "pow_min_effort":
                    powMin = RequireInt(v, "pow_min_effort", 0, Selection.PowPolicy.MaxEffort, p) ?? 0;
                    break;
                default:
                    p.Add(k, $"unknown service key '{Scalar(k)}' (expected key, address, instances, authorized_clients, " +
                             "distinct_descriptors, intro_points_per_instance, max_intro_points, health_check, pow, " +
                             "pow_backends_verify_frontend, pow_min_effort)");
                    break;
            }
        }
        var line = Line(node);
        if (key is null && !m.Children.Keys.Any(k => Scalar(k) == "key")) p.Add(line, "service has no 'key' (the frontend's secret key file or signing bundle)");
        if (!sawInstances) p.Add(line, "service has no 'instances'");
        else if (instances.Count == 0 && p.List.Count == before) p.Add(line, "service has no backend instances: at least one is needed");
        if (key is null) return (null, false);
        return (new ServiceConfig(line, key, instances, clients, distinct, perInstance, max, health, address) { Pow = pow, PowBackendsVerifyFrontend = powVerify, PowMinEffort = powMin }, p.List.Count == before);
    }

    /// <summary>`pow: off | on | follow` (YAML 1.1 booleans are plain strings to our parser).</summary>
    private static PowMode? ParsePow(YamlNode v, Problems p)
    {
        var text = RequireString(v, "pow", p);
        switch (text?.ToLowerInvariant())
        {
            case null: return null;
            case "off": case "false": case "no": return PowMode.Off;
            case "on": case "true": case "yes": return PowMode.On;
            case "follow": return PowMode.Follow;
            default: p.Add(v, $"pow must be off, on or follow, not '{text}'"); return null;
        }
    }

    private static InstanceConfig? ParseInstance(YamlNode node, string dir, Problems p)
    {
        if (node is not YamlMappingNode m) { p.Add(node, "each instance must be a mapping with 'address'"); return null; }
        string? address = null, name = null, clientKey = null;
        var before = p.List.Count;
        foreach (var (k, v) in m.Children)
        {
            switch (Scalar(k))
            {
                case "address":
                    if (RequireString(v, "address", p) is { } a)
                    {
                        if (OnionAddressCheck.Normalize(a).TryGet(out var norm, out var err)) address = norm;
                        else p.Add(v, $"instance address '{a}' is not a v3 onion address: {err.Message}");
                    }
                    break;
                case "name": name = RequireString(v, "name", p); break;
                case "client_key": clientKey = RequireString(v, "client_key", p) is { } c ? Resolve(dir, c) : null; break;
                default: p.Add(k, $"unknown instance key '{Scalar(k)}' (expected address, name, client_key)"); break;
            }
        }
        if (!m.Children.Keys.Any(k => Scalar(k) == "address")) p.Add(node, "instance has no 'address'");
        return address is null || p.List.Count > before ? null : new InstanceConfig(Line(node), address, name, clientKey);
    }

    private static HealthCheckConfig? ParseHealth(YamlNode node, Problems p)
    {
        if (node is not YamlMappingNode m) { p.Add(node, "'health_check' must be a mapping (port, interval, timeout, failures)"); return null; }
        int? port = null;
        int interval = 30, timeout = 20, failures = 2;
        foreach (var (k, v) in m.Children)
        {
            switch (Scalar(k))
            {
                case "port": port = RequireInt(v, "health_check.port", 1, 65535, p); break;
                case "interval": interval = RequireInt(v, "health_check.interval", 1, 86400, p) ?? interval; break;
                case "timeout": timeout = RequireInt(v, "health_check.timeout", 1, 600, p) ?? timeout; break;
                case "failures": failures = RequireInt(v, "health_check.failures", 1, 100, p) ?? failures; break;
                default: p.Add(k, $"unknown health_check key '{Scalar(k)}' (expected port, interval, timeout, failures)"); break;
            }
        }
        if (port is null) { p.Add(node, "'health_check' needs 'port' (the backend's virtual port to probe)"); return null; }
        return new HealthCheckConfig(port.Value, TimeSpan.FromSeconds(interval), TimeSpan.FromSeconds(timeout), failures);
    }

    private static TorSettings ParseTor(YamlNode node, string dir, Problems p)
    {
        var t = TorSettings.Default;
        if (node is not YamlMappingNode m) { p.Add(node, "'tor' must be a mapping"); return t; }
        var lines = new List<string>();
        foreach (var (k, v) in m.Children)
        {
            switch (Scalar(k))
            {
                case "control": t = t with { ControlEndpoint = RequireString(v, "tor.control", p) ?? t.ControlEndpoint }; break;
                case "password": t = t with { ControlPassword = RequireString(v, "tor.password", p) }; break;
                case "cookie_file": t = t with { CookieFile = RequireString(v, "tor.cookie_file", p) is { } c ? Resolve(dir, c) : null }; break;
                case "executable": t = t with { Executable = RequireString(v, "tor.executable", p) }; break;
                case "data_directory": t = t with { DataDirectory = RequireString(v, "tor.data_directory", p) is { } d ? Resolve(dir, d) : null }; break;
                case "torrc":
                    if (v is YamlSequenceNode s) foreach (var l in s.Children) { if (RequireString(l, "torrc line", p) is { } x) lines.Add(x); }
                    else p.Add(v, "'tor.torrc' must be a list of torrc lines");
                    break;
                default: p.Add(k, $"unknown tor key '{Scalar(k)}' (expected control, password, cookie_file, executable, data_directory, torrc)"); break;
            }
        }
        if (t.ControlEndpoint is { } ep && !ControlEndpointSyntax.IsValid(ep))
            p.Add(node, $"tor.control '{ep}' must be HOST:PORT or unix:/path");
        return t with { ExtraTorrcLines = lines };
    }

    private static MetricsSettings ParseMetrics(YamlNode node, Problems p)
    {
        if (node is YamlScalarNode s && (s.Value is "off" or "false" or "no")) return new MetricsSettings(null);
        if (node is not YamlMappingNode m) { p.Add(node, "'metrics' must be a mapping with 'listen', or 'off'"); return new(MetricsSettings.DefaultListen); }
        string? listen = MetricsSettings.DefaultListen;
        foreach (var (k, v) in m.Children)
        {
            if (Scalar(k) == "listen")
            {
                listen = RequireString(v, "metrics.listen", p);
                if (listen is not null && !System.Net.IPEndPoint.TryParse(listen, out var ep))
                    p.Add(v, $"metrics.listen '{listen}' must be IP:PORT (e.g. 127.0.0.1:9464)");
            }
            else p.Add(k, $"unknown metrics key '{Scalar(k)}' (expected listen)");
        }
        return new MetricsSettings(listen);
    }

    private static void CheckDuplicates(List<ServiceConfig> services, Problems p)
    {
        foreach (var svc in services)
            foreach (var dup in svc.Instances.GroupBy(i => i.Address).Where(g => g.Count() > 1))
                p.Add(dup.Last().Line, $"instance {dup.Key} is listed twice in this service");
        foreach (var dup in services.GroupBy(s => s.KeyPath).Where(g => g.Count() > 1))
            p.Add(dup.Last().Line, $"the key {dup.Key} is used by two services");
    }

    private static string Resolve(string dir, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(dir, path));

    private static string? Scalar(YamlNode n) => (n as YamlScalarNode)?.Value;
    private static int Line(YamlNode n) => (int)n.Start.Line;

    private static string? RequireString(YamlNode v, string what, Problems p)
    {
        if (v is YamlScalarNode { Value: { Length: > 0 } s }) return s;
        p.Add(v, $"'{what}' must be a non-empty string");
        return null;
    }

    private static bool? RequireBool(YamlNode v, string what, Problems p)
    {
        switch (Scalar(v))
        {
            case "true" or "yes" or "on": return true;
            case "false" or "no" or "off": return false;
            default: p.Add(v, $"'{what}' must be true or false"); return null;
        }
    }

    private static int? RequireInt(YamlNode v, string what, int min, int max, Problems p)
    {
        if (Scalar(v) is { } s && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        p.Add(v, $"'{what}' must be a whole number from {min} to {max}");
        return null;
    }

    private sealed class Problems(string file)
    {
        public List<Problem> List { get; } = [];
        public void Add(int line, string message) => List.Add(new Problem(message, line, Source: file));
        public void Add(YamlNode node, string message) => Add(Line(node), message);
    }
}
