using OnionGroove.Core;
using OnionGroove.Core.Yaml;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OnionGroove.Deploy.Plan;

/// <summary>Reads and writes an environment's settings (<c>NAME.environment.yml</c>, see
/// <see cref="EnvironmentLayout"/>); reading reports the first problem with its line.</summary>
public static class EnvironmentSettingsFile
{
    private const string Header =
        "# OnionGroove environment: hosts, which of them run the balancer, how sites are served.\n" +
        "# Edited by hand or with `oniongroove host add|remove`; `oniongroove render` reads it.\n";

    public static Result<EnvironmentSettings, Problem> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        // The first problem is the one to fix first.
        if (!YamlFile.Parse<EnvironmentSettings?>(yaml, deserializer).TryGet(out var s, out var problems)) return problems[0];
        s ??= new EnvironmentSettings();
        s.Hosts ??= new(StringComparer.Ordinal);
        s.Sites ??= new(StringComparer.Ordinal);
        if (s.Version != 1) return new Problem($"version {s.Version} is not supported (this oniongroove reads 1)");
        // Over a copy: an entry written as `be1:` (null) is replaced, and SortedDictionary refuses that mid-enumeration.
        foreach (var (name, h) in s.Hosts.ToList())
        {
            if (!Names.IsValid(name)) return new Problem($"host name '{name}' is invalid: {Names.Rule}");
            if (h is null) s.Hosts[name] = new HostSettings();
            else if (h.Port is < 1 or > 65535) return new Problem($"host '{name}': port {h.Port} is not a TCP port");
        }
        foreach (var (name, site) in s.Sites.ToList())
        {
            if (site is null) { s.Sites[name] = new SiteSettingsEntry(); continue; }
            if (site.VirtualPort is < 1 or > 65535) return new Problem($"site '{name}': virtual_port {site.VirtualPort} is not a TCP port");
            if (site.LocalPort is < 1 or > 65535) return new Problem($"site '{name}': local_port {site.LocalPort} is not a TCP port");
            // rend-spec: a descriptor lists at most 20 introduction points; tor wants at least 3.
            if (site.IntroPoints is < 3 or > 20) return new Problem($"site '{name}': intro_points must be 3..20");
            if (FrontendSigningNames.Parse(site.Signing) is null)
                return new Problem($"site '{name}': signing must be {FrontendSigningNames.Bundle} (the default) or {FrontendSigningNames.IdentityKey}");
            if (site.Upstream is { } u && !(Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                return new Problem($"site '{name}': upstream '{u}' must be an http:// or https:// URL");
        }
        foreach (var line in s.TorNetwork ?? [])
            if (TorNetworkLines.Check(line) is { } problem) return new Problem($"tor_network: {problem}");
        if (MeshProxy.Check(s.Mesh) is { } meshProblem) return new Problem($"mesh: {meshProblem}");
        return s;
    }

    /// <summary>The settings in <paramref name="path"/>, or the defaults when there is no such file
    /// yet; a file that is not a regular one (a FIFO, a device) or is too large is refused unread.</summary>
    public static Result<EnvironmentSettings, Problem> Read(string path) =>
        File.Exists(path) ? YamlFile.ReadText(path).Then(Parse) : new EnvironmentSettings();

    public static string Serialize(EnvironmentSettings settings) =>
        Header + new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitDefaults)
            .Build().Serialize(settings);
}
