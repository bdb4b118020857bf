using System.Globalization;
using System.Text;
using OnionGroove.Core;
using OnionGroove.Deploy.Plan;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Deploy.Files;

/// <summary>Which secret a file of the tree holds: a site's frontend key (Backend null), a signing bundle made from it
/// (Bundle), or one backend's key.</summary>
public sealed record TreeKey(string Site, string? Backend, bool Bundle = false)
{
    public string Label => Backend is null ? $"{Site}/frontend" : $"{Site}/backends/{Backend}";
}

/// <summary>One file of the tree: text, or a key the writer decrypts from the vault.</summary>
public sealed record TreeFile(string RelativePath, string? Text, TreeKey? Key)
{
    public bool IsSecret => Key is not null;
}

/// <summary>
/// The plain tree Onionbalance's config generator (onionbalance-config) lays out, for teams that
/// run Onionbalance or this balancer without Ansible:
/// <c>master/config.yaml</c>, <c>master/ADDRESS.signing-bundle</c> (one per site; <c>master/ADDRESS.key</c>, the
/// identity key, for a site with <c>signing: identity_key</c>), <c>master/torrc-server</c>,
/// and per backend <c>INSTANCE/instance_torrc</c> with its HiddenServiceDir <c>INSTANCE/ADDRESS/</c>
/// (tor's key file, hostname and ob_config). Instance folders are named <c>SITE-BACKEND</c>, as
/// the HiddenServiceDirs the Ansible roles make. Relative paths inside the files are relative to
/// the folder the file sits in: Onionbalance resolves <c>key:</c> against config.yaml's folder,
/// and tor is started from the instance folder.
/// </summary>
public static class OnionbalanceTree
{
    public const string MasterFolder = "master";
    public const string ConfigFile = "config.yaml";
    public const string ServerTorrc = "torrc-server";
    public const string InstanceTorrc = "instance_torrc";
    public const string ObConfig = "ob_config";
    public const string BundleSuffix = ".signing-bundle";

    /// <summary>Lays out the tree for <paramref name="sites"/> (all sites when empty). Ports and
    /// intro point counts come from <paramref name="settings"/> when given, with the defaults
    /// `oniongroove render` uses.</summary>
    public static Result<IReadOnlyList<TreeFile>, IReadOnlyList<Problem>> Build(VaultManifest manifest, EnvironmentSettings? settings, IReadOnlyCollection<string> sites)
    {
        var problems = new List<Problem>();
        foreach (var s in sites.Where(s => manifest.FindSite(s) is null)) problems.Add(new($"the vault has no site '{s}'"));
        var ordered = manifest.Sites.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var chosen = ordered.Where(s => sites.Count == 0 || sites.Contains(s.Name)).ToList();
        if (chosen.Count == 0 && problems.Count == 0) problems.Add(new("the vault has no site (oniongroove site add NAME)"));
        foreach (var s in chosen.Where(s => s.Backends.Count == 0)) problems.Add(new($"site '{s.Name}' has no backends"));
        if (problems.Count > 0) return Result<IReadOnlyList<TreeFile>, IReadOnlyList<Problem>>.Failure(problems);

        var files = new List<TreeFile>();
        var config = new StringBuilder();
        config.Append("# Onionbalance v3 configuration, written by `oniongroove render --files` from the team vault.\n");
        config.Append("# key: is relative to this folder; each instance is one backend onion service.\n");
        config.Append("services:\n");
        foreach (var site in chosen)
        {
            var address = PlanBuilder.Bare(site.Address);
            // Local ports are numbered over all sites (not only the chosen ones) so they match the inventory.
            var index = ordered.IndexOf(site);
            SiteSettingsEntry? entry = null;
            settings?.Sites.TryGetValue(site.Name, out entry);
            var virtualPort = entry?.VirtualPort ?? SiteSettings.DefaultVirtualPort;
            var localPort = entry?.LocalPort ?? SiteSettings.FirstLocalPort + index;

            // A bundle unless the site opts out: the balancer then never holds the identity key (docs/offline-keys.md).
            var bundle = FrontendSigningNames.Parse(entry?.Signing) != FrontendSigning.IdentityKey;
            var keyFile = bundle ? $"{address}{BundleSuffix}" : $"{address}.key";
            config.Append(CultureInfo.InvariantCulture, $"- key: {keyFile}\n");
            config.Append("  instances:\n");
            files.Add(new TreeFile($"{MasterFolder}/{keyFile}", null, new TreeKey(site.Name, null, bundle)));
            foreach (var backend in site.Backends.OrderBy(b => b.Name, StringComparer.Ordinal))
            {
                var instance = $"{site.Name}-{backend.Name}";
                var backendAddress = PlanBuilder.Bare(backend.Address);
                config.Append(CultureInfo.InvariantCulture, $"  - address: {backendAddress}.onion\n    name: {instance}\n");
                files.Add(new TreeFile($"{instance}/{InstanceTorrc}",
                    InstanceTorrcText(site.Name, backend.Name, backendAddress, virtualPort, localPort, entry?.IntroPoints), null));
                files.Add(new TreeFile($"{instance}/{backendAddress}/{Crypto.Files.TorKeyFiles.SecretKeyFileName}", null, new TreeKey(site.Name, backend.Name)));
                files.Add(new TreeFile($"{instance}/{backendAddress}/{Crypto.Files.TorKeyFiles.HostnameFileName}", backendAddress + ".onion\n", null));
                // tor refuses to start an Onionbalance instance without it (rend-spec-v3 / prop307).
                files.Add(new TreeFile($"{instance}/{backendAddress}/{ObConfig}", $"MasterOnionAddress {address}.onion\n", null));
            }
        }
        files.Insert(0, new TreeFile($"{MasterFolder}/{ConfigFile}", config.ToString(), null));
        files.Insert(1, new TreeFile($"{MasterFolder}/{ServerTorrc}", ServerTorrcText, null));
        return Result<IReadOnlyList<TreeFile>, IReadOnlyList<Problem>>.Success(files);
    }

    /// <summary>The management server's tor: a control port for the balancer, no SOCKS.</summary>
    private const string ServerTorrcText = """
        # tor for the Onionbalance management server (the frontend): the balancer talks to it on
        # the control port with cookie authentication. Start it from this folder (tor -f torrc-server).
        DataDirectory tor-data
        ControlPort 9051
        CookieAuthentication 1
        SocksPort 0

        """;

    private static string InstanceTorrcText(string site, string backend, string address, int virtualPort, int localPort, int? introPoints)
    {
        var t = new StringBuilder();
        t.Append(CultureInfo.InvariantCulture, $"# tor for backend {backend} of site {site} (an Onionbalance instance).\n");
        t.Append("# Start it from this folder (tor -f instance_torrc); the web server listens on the HiddenServicePort target.\n");
        t.Append("DataDirectory tor-data\n");
        // No RunAsDaemon: tor refuses it together with relative paths; run it under a supervisor.
        t.Append("SocksPort 0\n\n");
        t.Append(CultureInfo.InvariantCulture, $"HiddenServiceDir {address}\n");
        t.Append(CultureInfo.InvariantCulture, $"HiddenServicePort {virtualPort} 127.0.0.1:{localPort}\n");
        t.Append("HiddenServiceOnionbalanceInstance 1\n");
        if (introPoints is { } n) t.Append(CultureInfo.InvariantCulture, $"HiddenServiceNumIntroductionPoints {n}\n");
        return t.ToString();
    }
}
