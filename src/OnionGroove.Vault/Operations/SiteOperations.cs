using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Vault.Operations;

/// <summary>Adding, importing and removing sites. Each call is one commit.</summary>
public static class SiteOperations
{
    public const int MaxBackends = 64;

    /// <summary>Creates a site with a new frontend key (optionally a vanity prefix) and <paramref name="backends"/> backend keys.</summary>
    public static SiteEntry Add(TeamVault vault, string name, int backends, string? prefix = null, CancellationToken ct = default) =>
        Add(vault, name, backends, prefix, splitKey: false, ct);

    /// <summary>The same; with <paramref name="splitKey"/> the new random frontend key is the base of a
    /// split-key search (see <see cref="SplitKeyOperations"/>) and the site is marked as waiting for its offset.</summary>
    public static SiteEntry Add(TeamVault vault, string name, int backends, string? prefix, bool splitKey, CancellationToken ct = default)
    {
        if (splitKey && !string.IsNullOrEmpty(prefix))
            throw new VaultException(VaultErrorKind.Usage, "--split-key makes the base key of a search run elsewhere; give --prefix later, with --offset",
                "oniongroove site add NAME --split-key, then keygen --from ADDRESS --prefix P, then site add NAME --prefix P --offset OFFSET");
        CheckNew(vault, name, backends);
        // The key search (minutes with a long prefix) runs before the vault is locked.
        using var frontend = KeyFactory.NewIdentityKey(prefix, ct);
        return vault.Exclusive(() =>
        {
            CheckNew(vault, name, backends);
            return AddWithFrontend(vault, name, frontend, backends,
                $"site add {name}: {(splitKey ? "split-key base frontend (waiting for an offset)" : "frontend")} + {Plural(backends, "backend")}", splitKey);
        });
    }

    /// <summary>
    /// Brings an existing onion address into the vault (migration): the frontend key comes from
    /// the caller (read from a HiddenServiceDir or an Onionbalance key file); backends are new.
    /// </summary>
    public static SiteEntry Import(TeamVault vault, string name, IdentitySecretKey frontend, int backends, string source)
    {
        return vault.Exclusive(() =>
        {
            CheckNew(vault, name, backends);
            var address = frontend.Address.ToString();
            if (vault.Manifest.Sites.FirstOrDefault(s => string.Equals(s.Address, address, StringComparison.OrdinalIgnoreCase)) is { } dup)
                throw new VaultException(VaultErrorKind.Usage, $"{address} is already in the vault as site '{dup.Name}'");
            return AddWithFrontend(vault, name, frontend, backends, $"site import {name} from {source}: {address} + {Plural(backends, "backend")}");
        });
    }

    public static void Remove(TeamVault vault, string name)
    {
        vault.Exclusive(() =>
        {
            var site = vault.RequireSite(name);
            var manifest = vault.CopyManifest();
            manifest.Sites.RemoveAll(s => s.Name == name);
            var change = new VaultChange(manifest, $"site remove {name} ({site.Address})");
            foreach (var e in vault.Manifest.AllSecrets().Where(e => e.Site.Name == name)) change.Deletes.Add(e.Secret.Path);
            vault.Apply(change);
            return 0;
        });
    }

    private static SiteEntry AddWithFrontend(TeamVault vault, string name, IdentitySecretKey frontend, int backends, string message, bool splitKeyPending = false)
    {
        var manifest = vault.CopyManifest();
        var team = manifest.Team;
        var site = new SiteEntry
        {
            Name = name,
            Address = frontend.Address.ToString(),
            Frontend = new SealedSecret { Path = SecretLayout.Frontend(name) },
            SplitKeyPending = splitKeyPending ? true : null,
        };
        var change = new VaultChange(manifest, message);
        change.Seal(site.Frontend, frontend, team);
        for (var i = 1; i <= backends; i++)
            BackendOperations.AddNewBackend(site, BackendOperations.NextName(site), team, change);
        manifest.Sites.Add(site);
        vault.Apply(change);
        return site;
    }

    private static void CheckNew(TeamVault vault, string name, int backends)
    {
        if (!ManifestValidator.IsValidName(name)) throw new VaultException(VaultErrorKind.Usage, $"site name '{name}' is invalid: {ManifestValidator.NameRule}");
        if (vault.Manifest.FindSite(name) is not null) throw new VaultException(VaultErrorKind.Usage, $"site '{name}' already exists");
        if (backends < 1 || backends > MaxBackends) throw new VaultException(VaultErrorKind.Usage, $"--backends must be between 1 and {MaxBackends}");
        if (vault.Manifest.Team.Count == 0)
            throw new VaultException(VaultErrorKind.Usage, "the team is empty: nobody could read the new keys",
                "add yourself first: oniongroove team add NAME RECIPIENT");
    }

    internal static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
