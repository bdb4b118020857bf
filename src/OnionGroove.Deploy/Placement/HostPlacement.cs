using OnionGroove.Vault;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Deploy.Placement;

/// <summary>
/// Records which host runs which backend, in the vault's manifest (backend <c>host</c>), so every
/// environment and every team member renders the same placement. Each call is one vault commit;
/// the Plan methods compute that commit without making it, for <see cref="HostChanges"/>, which
/// writes it together with the environment's settings.
/// </summary>
public static class HostPlacement
{
    /// <summary>The vault's change and what it does: null when there is nothing to commit.</summary>
    public sealed record Planned(VaultChange? Change, IReadOnlyList<string> Backends);

    /// <summary>Places backends on <paramref name="host"/>. A selector is <c>SITE/BACKEND</c>, or
    /// <c>SITE</c> for the first backend of that site not yet placed anywhere.</summary>
    /// <returns>Labels of the backends placed (empty when all were already there).</returns>
    public static IReadOnlyList<string> Place(TeamVault vault, string host, IReadOnlyList<string> selectors) =>
        vault.Exclusive(() => Apply(vault, PlanPlace(vault.Manifest, host, selectors)));

    /// <summary>Takes backends off <paramref name="host"/> (all of them when <paramref name="selectors"/>
    /// is empty; then the host leaves the manifest too).</summary>
    public static IReadOnlyList<string> Unplace(TeamVault vault, string host, IReadOnlyList<string> selectors) =>
        vault.Exclusive(() => Apply(vault, PlanUnplace(vault.Manifest, host, selectors)));

    private static IReadOnlyList<string> Apply(TeamVault vault, Planned planned)
    {
        if (planned.Change is not null) vault.Apply(planned.Change);
        return planned.Backends;
    }

    /// <summary>What <see cref="Place"/> would commit, without committing; refusals throw
    /// <see cref="VaultException"/> as Place does.</summary>
    public static Planned PlanPlace(VaultManifest current, string host, IReadOnlyList<string> selectors)
    {
        var manifest = Copy(current);
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
        var change = placed.Count > 0 || current.Hosts.All(h => h.Name != host)
            ? new VaultChange(manifest, placed.Count > 0 ? $"host add {host}: {string.Join(", ", placed)}" : $"host add {host}")
            : null;
        return new Planned(change, placed);
    }

    /// <summary>What <see cref="Unplace"/> would commit, without committing.</summary>
    public static Planned PlanUnplace(VaultManifest current, string host, IReadOnlyList<string> selectors)
    {
        var manifest = Copy(current);
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
        var change = removed.Count > 0 || dropHost
            ? new VaultChange(manifest, $"host remove {host}" + (removed.Count > 0 ? $": {string.Join(", ", removed)}" : ""))
            : null;
        return new Planned(change, removed);
    }

    private static VaultManifest Copy(VaultManifest m) => ManifestFile.Parse(ManifestFile.Serialize(m)).ValueOrDefault
        ?? throw new VaultException(VaultErrorKind.Failure, "internal error: manifest round trip failed");
}
