using OnionGroove.Vault;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Deploy.Placement;

/// <summary>
/// Records which host runs which backend, in the vault's manifest (backend <c>host</c>), so every
/// environment and every team member renders the same placement. Each call is one vault commit.
/// </summary>
public static class HostPlacement
{
    /// <summary>Places backends on <paramref name="host"/>. A selector is <c>SITE/BACKEND</c>, or
    /// <c>SITE</c> for the first backend of that site not yet placed anywhere.</summary>
    /// <returns>Labels of the backends placed (empty when all were already there).</returns>
    public static IReadOnlyList<string> Place(TeamVault vault, string host, IReadOnlyList<string> selectors)
    {
        var manifest = Copy(vault.Manifest);
        var placed = new List<string>();
        foreach (var selector in selectors)
        {
            var (siteName, backendName) = selector.Split('/', 2) is [var s, var b] ? (s, (string?)b) : (selector, null);
            var site = manifest.FindSite(siteName) ?? throw new VaultException(VaultErrorKind.Usage,
                $"no site named '{siteName}' in the vault", "known sites: " + string.Join(", ", manifest.Sites.Select(x => x.Name)));
            var backend = backendName is null
                ? site.Backends.OrderBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault(x => x.Host is null)
                  ?? throw new VaultException(VaultErrorKind.Usage, $"every backend of '{siteName}' is already placed",
                      $"add one with `oniongroove backend add {siteName}`, or name it: {siteName}/BACKEND")
                : site.FindBackend(backendName) ?? throw new VaultException(VaultErrorKind.Usage,
                    $"site '{siteName}' has no backend '{backendName}'", "backends: " + string.Join(", ", site.Backends.Select(x => x.Name)));
            if (backend.Host == host) continue;
            if (backend.Host is not null)
                throw new VaultException(VaultErrorKind.Conflict, $"{siteName}/{backend.Name} already runs on '{backend.Host}'",
                    $"remove it there first: oniongroove host remove {backend.Host} --backend {siteName}/{backend.Name}");
            backend.Host = host;
            placed.Add($"{siteName}/{backend.Name}");
        }
        if (manifest.Hosts.All(h => h.Name != host)) manifest.Hosts.Add(new HostEntry { Name = host });
        if (placed.Count > 0 || vault.Manifest.Hosts.All(h => h.Name != host))
            vault.Apply(new VaultChange(manifest, placed.Count > 0 ? $"host add {host}: {string.Join(", ", placed)}" : $"host add {host}"));
        return placed;
    }

    /// <summary>Takes backends off <paramref name="host"/> (all of them when <paramref name="selectors"/>
    /// is empty; then the host leaves the manifest too).</summary>
    public static IReadOnlyList<string> Unplace(TeamVault vault, string host, IReadOnlyList<string> selectors)
    {
        var manifest = Copy(vault.Manifest);
        var removed = new List<string>();
        foreach (var site in manifest.Sites)
            foreach (var b in site.Backends.Where(b => b.Host == host))
            {
                var label = $"{site.Name}/{b.Name}";
                if (selectors.Count > 0 && !selectors.Contains(label) && !selectors.Contains(site.Name)) continue;
                b.Host = null;
                removed.Add(label);
            }
        var unknown = selectors.Where(s => !removed.Contains(s) && !removed.Any(r => r.StartsWith(s + "/", StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
            throw new VaultException(VaultErrorKind.Usage, $"not on '{host}': {string.Join(", ", unknown)}");
        var dropHost = selectors.Count == 0 && manifest.Hosts.RemoveAll(h => h.Name == host) > 0;
        if (removed.Count > 0 || dropHost)
            vault.Apply(new VaultChange(manifest, $"host remove {host}" + (removed.Count > 0 ? $": {string.Join(", ", removed)}" : "")));
        return removed;
    }

    private static VaultManifest Copy(VaultManifest m) => ManifestFile.Parse(ManifestFile.Serialize(m)).ValueOrDefault
        ?? throw new VaultException(VaultErrorKind.Failure, "internal error: manifest round trip failed");
}
