using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Deploy.Plan;

/// <summary>Combines the vault's manifest (sites, backends, where each backend is placed) with an
/// environment's settings into a <see cref="DeploymentPlan"/>, or the problems that prevent it.</summary>
public static class PlanBuilder
{
    /// <summary>The plan, or every problem that prevents it (all at once, so one edit can fix them).</summary>
    public static Result<DeploymentPlan, IReadOnlyList<Problem>> Build(string environment, VaultManifest manifest, EnvironmentSettings settings)
    {
        var problems = new List<Problem>();
        void Add(string message) => problems.Add(new Problem(message));
        if (!Names.IsValid(environment)) Add($"environment name '{environment}' is invalid: {Names.Rule}");

        var frontends = settings.Hosts.Where(h => h.Value.Frontend).Select(h => h.Key).ToList();
        var sites = new List<PlannedSite>();
        var orderedSites = manifest.Sites.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var usedLocalPorts = new Dictionary<int, string>();

        for (var index = 0; index < orderedSites.Count; index++)
        {
            var site = orderedSites[index];
            settings.Sites.TryGetValue(site.Name, out var entry);
            // The key sealed for a split-key site is only the base of the search; its address is not the one asked for.
            if (site.SplitKeyPending == true)
                Add($"site '{site.Name}' is waiting for its split-key offset (oniongroove site add {site.Name} --prefix P --offset K); its key is not final");
            entry ??= new SiteSettingsEntry();
            // Only backends placed on this environment's hosts take part; others belong elsewhere.
            var backends = site.Backends
                .Where(b => b.Host is not null && settings.Hosts.ContainsKey(b.Host))
                .OrderBy(b => b.Name, StringComparer.Ordinal)
                .Select(b => new PlannedBackend(b.Name, Bare(b.Address), $"{site.Name}/backends/{b.Name}", b.Host!))
                .ToList();
            if (backends.Count == 0) continue;

            string? frontend = entry.Frontend;
            if (frontend is not null && !frontends.Contains(frontend))
                Add($"site '{site.Name}': frontend '{frontend}' is not a frontend host of this environment");
            else if (frontend is null && frontends.Count == 1) frontend = frontends[0];
            else if (frontend is null)
                Add(frontends.Count == 0
                    ? $"site '{site.Name}' has backends here but the environment has no frontend host (oniongroove host add NAME --frontend)"
                    : $"site '{site.Name}': several frontends ({string.Join(", ", frontends)}); set sites.{site.Name}.frontend");

            var localPort = entry.LocalPort ?? SiteSettings.FirstLocalPort + index;
            if (usedLocalPorts.TryGetValue(localPort, out var other))
                Add($"sites '{other}' and '{site.Name}' both use local port {localPort}; set local_port");
            usedLocalPorts[localPort] = site.Name;

            var clients = new List<PlannedClient>();
            foreach (var c in site.Clients.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                if (ClientKey(c.PublicKey).TryGet(out var key, out var error)) clients.Add(new PlannedClient(c.Name, key));
                else Add($"site '{site.Name}': client '{c.Name}' has no x25519 public key in tor's .auth form ({error.Message})");
            }

            var s = new SiteSettings(entry.VirtualPort ?? SiteSettings.DefaultVirtualPort, localPort, entry.Upstream,
                entry.Clearnet, entry.IntroPoints, frontend) { Signing = FrontendSigningNames.Parse(entry.Signing) ?? FrontendSigning.Bundle };
            sites.Add(new PlannedSite(site.Name, Bare(site.Address), $"{site.Name}/frontend", frontend ?? "", s, backends, clients));
        }

        foreach (var line in settings.TorNetwork ?? [])
            if (TorNetworkLines.Check(line) is { } bad) Add($"tor_network: {bad}");
        foreach (var name in settings.Sites.Keys.Where(n => manifest.FindSite(n) is null))
            Add($"environment settings name site '{name}', which the vault does not have");

        var hosts = settings.Hosts
            // Over the mesh, ssh's host name is HOST.mesh: the address is not used, and ssh's
            // control sockets (keyed by host name) never reuse a direct connection.
            .Select(h => new PlannedHost(h.Key, h.Value.Frontend, new HostConnection(h.Value.Mesh ? $"{h.Key}.mesh" : h.Value.Address, h.Value.User, h.Value.Port)
            {
                ProxyCommand = h.Value.Mesh ? MeshProxy.Command(settings.Mesh, h.Key) : null,
            }))
            .ToList();
        var meshClients = new List<PlannedClient>();
        foreach (var c in manifest.MeshClients.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (ClientKey(c.PublicKey).TryGet(out var key, out var error)) meshClients.Add(new PlannedClient(c.Name, key));
            else Add($"mesh client '{c.Name}' has no x25519 public key ({error.Message})");
        }
        if (problems.Count > 0) return Result<DeploymentPlan, IReadOnlyList<Problem>>.Failure(problems);
        return new DeploymentPlan(environment, hosts, sites) { TorNetwork = [.. settings.TorNetwork ?? []], MeshClients = meshClients };
    }

    /// <summary>
    /// The manifest's client key (tor's <c>.auth</c> line, as `client add` writes it, or the bare
    /// base32 key; base32 in either case, RFC 4648 and tor's decoder ignore case) as the 52
    /// upper-case base32 characters tor's manual shows in <c>authorized_clients/*.auth</c>: one
    /// canonical form, so the rendered inventory does not change with how the key was typed.
    /// </summary>
    internal static Result<string, Problem> ClientKey(string text) =>
        ClientAuthPublicKey.TryParseLineOrBase32(text, out var key, out var error)
            ? key.ToBase32().ToUpperInvariant()
            : new Problem(error);

    /// <summary>Service id without ".onion", lower case (the manifest may store either form).</summary>
    internal static string Bare(string address)
    {
        var a = address.Trim().ToLowerInvariant();
        return a.EndsWith(".onion", StringComparison.Ordinal) ? a[..^6] : a;
    }
}
