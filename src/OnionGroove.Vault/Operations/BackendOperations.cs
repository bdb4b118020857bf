using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Vault.Operations;

/// <summary>
/// Backend keys: add, remove, rotate. Rotating gives the backend a new key and so a new onion
/// address; the frontend's balancer must then be pointed at it (the site address is unchanged).
/// </summary>
public static class BackendOperations
{
    public static BackendEntry Add(TeamVault vault, string site, string? name = null)
    {
        return vault.Exclusive(() =>
        {
            var manifest = vault.CopyManifest();
            var s = manifest.FindSite(site) ?? vault.RequireSite(site);
            if (s.Backends.Count >= SiteOperations.MaxBackends) throw new VaultException(VaultErrorKind.Usage, $"site '{site}' already has {SiteOperations.MaxBackends} backends");
            name ??= NextName(s);
            if (!ManifestValidator.IsValidName(name)) throw new VaultException(VaultErrorKind.Usage, $"backend name '{name}' is invalid: {ManifestValidator.NameRule}");
            if (s.FindBackend(name) is not null) throw new VaultException(VaultErrorKind.Usage, $"site '{site}' already has a backend '{name}'");
            var change = new VaultChange(manifest, $"backend add {site}/{name}");
            var b = AddNewBackend(s, name, manifest.Team, change);
            vault.Apply(change);
            return b;
        });
    }

    public static void Remove(TeamVault vault, string site, string name)
    {
        vault.Exclusive(() =>
        {
            var manifest = vault.CopyManifest();
            var s = manifest.FindSite(site) ?? vault.RequireSite(site);
            var b = s.FindBackend(name) ?? throw new VaultException(VaultErrorKind.Usage, $"site '{site}' has no backend '{name}'",
                "backends: " + string.Join(", ", s.Backends.Select(x => x.Name)));
            if (s.Backends.Count == 1) throw new VaultException(VaultErrorKind.Usage, $"'{name}' is the last backend of '{site}'",
                "add another backend first, or remove the whole site");
            s.Backends.Remove(b);
            var change = new VaultChange(manifest, $"backend remove {site}/{name} ({b.Address})");
            change.Deletes.Add(b.Secret.Path);
            vault.Apply(change);
            return 0;
        });
    }

    /// <summary>Rotates one backend, or every backend of the site when <paramref name="name"/> is null.</summary>
    public static IReadOnlyList<BackendEntry> Rotate(TeamVault vault, string site, string? name = null)
    {
        return vault.Exclusive(() =>
        {
            var manifest = vault.CopyManifest();
            var s = manifest.FindSite(site) ?? vault.RequireSite(site);
            var targets = name is null ? s.Backends.ToList()
                : [s.FindBackend(name) ?? throw new VaultException(VaultErrorKind.Usage, $"site '{site}' has no backend '{name}'")];
            var change = new VaultChange(manifest, name is null
                ? $"backend rotate {site}: new keys for {SiteOperations.Plural(targets.Count, "backend")}"
                : $"backend rotate {site}/{name}");
            foreach (var b in targets) RotateInto(b, manifest.Team, change);
            vault.Apply(change);
            return targets;
        });
    }

    /// <summary>Gives <paramref name="b"/> a new key sealed to <paramref name="team"/> inside <paramref name="change"/>.</summary>
    internal static void RotateInto(BackendEntry b, IReadOnlyList<TeamMember> team, VaultChange change)
    {
        using var key = IdentitySecretKey.Generate();
        change.Seal(b.Secret, key, team);
        b.Address = key.Address.ToString();
    }

    internal static BackendEntry AddNewBackend(SiteEntry site, string name, IReadOnlyList<TeamMember> team, VaultChange change)
    {
        using var key = IdentitySecretKey.Generate();
        var b = new BackendEntry
        {
            Name = name,
            Address = key.Address.ToString(),
            Secret = new SealedSecret { Path = SecretLayout.Backend(site.Name, name) },
        };
        change.Seal(b.Secret, key, team);
        site.Backends.Add(b);
        return b;
    }

    /// <summary>The first free name of the form b1, b2, …</summary>
    internal static string NextName(SiteEntry site)
    {
        for (var i = 1; ; i++)
            if (site.FindBackend($"b{i}") is null) return $"b{i}";
    }
}
