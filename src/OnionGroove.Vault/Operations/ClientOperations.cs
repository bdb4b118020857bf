using System.Text;
using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Vault.Operations;

/// <summary>
/// Client authorization keys (rend-spec-v3 CLIENT-AUTH). The vault keeps each client's secret as
/// the exact line of a tor <c>.auth_private</c> file; the manifest keeps the public <c>.auth</c>
/// form the service side needs. Rotating a client key means handing the client a new file.
/// </summary>
public static class ClientOperations
{
    public static ClientEntry Add(TeamVault vault, string site, string name)
    {
        return vault.Exclusive(() =>
        {
            var manifest = vault.CopyManifest();
            var s = manifest.FindSite(site) ?? vault.RequireSite(site);
            if (!ManifestValidator.IsValidName(name)) throw new VaultException(VaultErrorKind.Usage, $"client name '{name}' is invalid: {ManifestValidator.NameRule}");
            if (s.Clients.Any(c => c.Name == name)) throw new VaultException(VaultErrorKind.Usage, $"site '{site}' already has a client '{name}'");
            var client = new ClientEntry { Name = name, Secret = new SealedSecret { Path = SecretLayout.Client(site, name) } };
            var change = new VaultChange(manifest, $"client add {site}/{name}");
            RotateInto(s, client, manifest.Team, change);
            s.Clients.Add(client);
            vault.Apply(change);
            return client;
        });
    }

    public static void Remove(TeamVault vault, string site, string name)
    {
        vault.Exclusive(() =>
        {
            var manifest = vault.CopyManifest();
            var s = manifest.FindSite(site) ?? vault.RequireSite(site);
            var c = s.Clients.Find(x => x.Name == name) ?? throw new VaultException(VaultErrorKind.Usage, $"site '{site}' has no client '{name}'");
            s.Clients.Remove(c);
            var change = new VaultChange(manifest, $"client remove {site}/{name}");
            change.Deletes.Add(c.Secret.Path);
            vault.Apply(change);
            return 0;
        });
    }

    /// <summary>New keys for one client, or for every client of the site when <paramref name="name"/> is null.</summary>
    public static IReadOnlyList<ClientEntry> Rotate(TeamVault vault, string site, string? name = null)
    {
        return vault.Exclusive(() =>
        {
            var manifest = vault.CopyManifest();
            var s = manifest.FindSite(site) ?? vault.RequireSite(site);
            var targets = name is null ? s.Clients.ToList()
                : [s.Clients.Find(c => c.Name == name) ?? throw new VaultException(VaultErrorKind.Usage, $"site '{site}' has no client '{name}'")];
            if (targets.Count == 0) throw new VaultException(VaultErrorKind.Usage, $"site '{site}' has no clients");
            var change = new VaultChange(manifest, name is null ? $"client rotate {site}: new keys for {SiteOperations.Plural(targets.Count, "client")}" : $"client rotate {site}/{name}");
            foreach (var c in targets) RotateInto(s, c, manifest.Team, change);
            vault.Apply(change);
            return targets;
        });
    }

    /// <summary>Gives <paramref name="client"/> a new key sealed to <paramref name="team"/> inside <paramref name="change"/>.</summary>
    internal static void RotateInto(SiteEntry site, ClientEntry client, IReadOnlyList<TeamMember> team, VaultChange change)
    {
        if (!OnionAddress.TryParse(site.Address, out var address, out var error))
            throw new VaultException(VaultErrorKind.BadInput, $"site '{site.Name}' has an invalid address: {error}");
        using var key = ClientAuthSecretKey.Generate();
        change.Seal(client.Secret, Encoding.ASCII.GetBytes(key.ExportAuthPrivateLine(address) + "\n"), team);
        client.PublicKey = key.PublicKey.ToAuthFileLine();
    }
}
