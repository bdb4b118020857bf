using System.Security.Cryptography;
using System.Text;
using OnionGroove.Crypto.Keys;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;
using OnionGroove.Vault.Secrets;

namespace OnionGroove.Vault.Operations;

/// <summary>
/// The team's mesh client keys (docs/mesh.md, "Team and deployment"). The vault keeps each
/// client's x25519 secret key sealed to the team like every secret (and `audit` checks it like
/// every secret); the manifest keeps the public half, which `render` hands to the oniongroove_mesh
/// role so every host's mesh node authorises it. An admin turns the secret into a `mesh remote
/// add` token for a host's address with <see cref="OpenKey"/>.
/// </summary>
public static class MeshClientOperations
{
    public static MeshClientEntry Add(TeamVault vault, string name)
    {
        return vault.Exclusive(() =>
        {
            var manifest = vault.CopyManifest();
            if (!ManifestValidator.IsValidName(name)) throw new VaultException(VaultErrorKind.Usage, $"mesh client name '{name}' is invalid: {ManifestValidator.NameRule}");
            if (manifest.MeshClients.Any(c => c.Name == name)) throw new VaultException(VaultErrorKind.Usage, $"the vault already has a mesh client '{name}'",
                $"to give it a new key: oniongroove mesh-client rotate {name}");
            var client = new MeshClientEntry { Name = name, Secret = new SealedSecret { Path = SecretLayout.MeshClient(name) } };
            var change = new VaultChange(manifest, $"mesh-client add {name}");
            RotateInto(client, manifest.Team, change);
            manifest.MeshClients.Add(client);
            vault.Apply(change);
            return client;
        });
    }

    public static void Remove(TeamVault vault, string name)
    {
        vault.Exclusive(() =>
        {
            var manifest = vault.CopyManifest();
            var c = Find(manifest, name);
            manifest.MeshClients.Remove(c);
            var change = new VaultChange(manifest, $"mesh-client remove {name}");
            change.Deletes.Add(c.Secret.Path);
            vault.Apply(change);
            return 0;
        });
    }

    /// <summary>A new key for one mesh client (the hosts accept it once the role runs again).</summary>
    public static MeshClientEntry Rotate(TeamVault vault, string name)
    {
        return vault.Exclusive(() =>
        {
            var manifest = vault.CopyManifest();
            var c = Find(manifest, name);
            var change = new VaultChange(manifest, $"mesh-client rotate {name}");
            RotateInto(c, manifest.Team, change);
            vault.Apply(change);
            return c;
        });
    }

    /// <summary>The client's secret key, decrypted to memory and checked against the manifest.
    /// The caller disposes it.</summary>
    public static ClientAuthSecretKey OpenKey(TeamVault vault, string name, IReadOnlyList<VaultIdentity> identities)
    {
        var c = Find(vault.Manifest, name);
        var entry = vault.Manifest.AllSecrets().First(e => e.Kind == SecretKind.MeshClient && e.Name == c.Name);
        var plain = vault.DecryptVerified(entry, identities);
        try
        {
            // DecryptVerified has checked it is such a key.
            ClientAuthSecretKey.TryFromBase32(Encoding.ASCII.GetString(plain).Trim(), out var key, out _);
            return key!;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    internal static MeshClientEntry Find(VaultManifest manifest, string name) =>
        manifest.MeshClients.Find(c => c.Name == name) ?? throw new VaultException(VaultErrorKind.Usage, $"the vault has no mesh client '{name}'",
            manifest.MeshClients.Count == 0 ? "add one: oniongroove mesh-client add NAME" : "mesh clients: " + string.Join(", ", manifest.MeshClients.Select(c => c.Name)));

    /// <summary>Gives <paramref name="client"/> a new key sealed to <paramref name="team"/> inside <paramref name="change"/>.</summary>
    internal static void RotateInto(MeshClientEntry client, IReadOnlyList<TeamMember> team, VaultChange change)
    {
        using var key = ClientAuthSecretKey.Generate();
        change.Seal(client.Secret, Encoding.ASCII.GetBytes(key.ExportBase32() + "\n"), team);
        client.PublicKey = key.PublicKey.ToBase32();
    }
}
