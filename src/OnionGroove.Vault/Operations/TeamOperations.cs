using System.Security.Cryptography;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Vault.Operations;

/// <summary>
/// Team membership. Any change re-seals every secret to exactly the new team in one commit,
/// which needs identities that can decrypt every secret.
/// </summary>
public static class TeamOperations
{
    /// <summary>Adds a member and re-seals everything to the new team; returns how many secrets were re-sealed.</summary>
    public static int Add(TeamVault vault, string name, string recipient, IReadOnlyList<VaultIdentity> identities)
    {
        return vault.Exclusive(() =>
        {
            if (!ManifestValidator.IsValidName(name)) throw new VaultException(VaultErrorKind.Usage, $"member name '{name}' is invalid: {ManifestValidator.NameRule}");
            if (vault.Manifest.FindMember(name) is not null)
                throw new VaultException(VaultErrorKind.Usage, $"'{name}' is already on the team", "to change a member's key: team remove, then team add");
            var member = new TeamMember { Name = name, Recipient = recipient.Trim() };
            RecipientCheck.Require(member);
            if (vault.Manifest.Team.FirstOrDefault(m => SameKey(m.Recipient, member.Recipient)) is { } other)
                throw new VaultException(VaultErrorKind.Usage, $"that recipient already belongs to '{other.Name}'");
            var manifest = vault.CopyManifest();
            manifest.Team.Add(member);
            var count = manifest.AllSecrets().Count();
            var change = new VaultChange(manifest, $"team add {name}: re-sealed {SiteOperations.Plural(count, "secret")} to {SiteOperations.Plural(manifest.Team.Count, "member")}");
            Reseal(vault, manifest, identities, change, rotate: _ => false, rotated: []);
            vault.Apply(change);
            return count;
        });
    }

    /// <summary>
    /// The secrets <paramref name="name"/> could read. Old ciphertexts stay in git history, so
    /// removal alone does not take these away; rotation does, where a key can rotate.
    /// </summary>
    public static IReadOnlyList<SecretEntry> ExposedTo(VaultManifest manifest, string name) =>
        manifest.AllSecrets().Where(e => e.Secret.SealedTo.Contains(name)).ToList();

    /// <summary>Removes a member, re-sealing everything to the rest; with <paramref name="rotate"/>
    /// also gives every exposed backend and client key a new key, in the same commit.</summary>
    public static RemovalResult Remove(TeamVault vault, string name, IReadOnlyList<VaultIdentity> identities, bool rotate)
    {
        return vault.Exclusive(() =>
        {
            if (vault.Manifest.FindMember(name) is null)
                throw new VaultException(VaultErrorKind.Usage, $"'{name}' is not on the team",
                    "members: " + string.Join(", ", vault.Manifest.Team.Select(m => m.Name)));
            var manifest = vault.CopyManifest();
            manifest.Team.RemoveAll(m => m.Name == name);
            var exposed = ExposedTo(manifest, name);
            if (manifest.Team.Count == 0 && manifest.Sites.Count > 0)
                throw new VaultException(VaultErrorKind.Usage, $"'{name}' is the last member: nobody could read the vault's secrets",
                    "add the next member first");
            var exposedLabels = exposed.Select(e => e.Label).ToHashSet();
            var rotated = new List<string>();
            var count = manifest.AllSecrets().Count();
            var change = new VaultChange(manifest, "");
            Reseal(vault, manifest, identities, change,
                rotate: e => rotate && e.CanRotate && exposedLabels.Contains(e.Label), rotated);
            var message = $"team remove {name}: re-sealed {SiteOperations.Plural(count, "secret")} to {SiteOperations.Plural(manifest.Team.Count, "member")}"
                + (rotated.Count > 0 ? $", rotated {SiteOperations.Plural(rotated.Count, "key")}" : "");
            var final = new VaultChange(manifest, message);
            foreach (var (k, v) in change.Writes) final.Writes[k] = v;
            vault.Apply(final);
            var notRotated = exposed.Where(e => !rotated.Contains(e.Label)).ToList();
            return new RemovalResult(exposed, rotated, notRotated);
        });
    }

    /// <summary>
    /// Seals every secret of <paramref name="manifest"/> to its team: rotated backends get new
    /// keys; everything else is decrypted (to memory) and encrypted again.
    /// </summary>
    private static void Reseal(TeamVault vault, VaultManifest manifest, IReadOnlyList<VaultIdentity> identities,
        VaultChange change, Func<SecretEntry, bool> rotate, List<string> rotated)
    {
        var bad = new List<string>();
        foreach (var entry in manifest.AllSecrets().ToList())
        {
            if (rotate(entry))
            {
                if (entry.Kind == SecretKind.Backend) BackendOperations.RotateInto(entry.Site.FindBackend(entry.Name)!, manifest.Team, change);
                else if (entry.Kind == SecretKind.MeshClient) MeshClientOperations.RotateInto(entry.MeshClient!, manifest.Team, change);
                else ClientOperations.RotateInto(entry.Site, entry.Site.Clients.Find(c => c.Name == entry.Name)!, manifest.Team, change);
                rotated.Add(entry.Label);
                continue;
            }
            // The same checks as every read: a swapped, foreign or garbage secret must not come
            // out of the re-seal looking freshly approved by the team.
            byte[] plain;
            try
            {
                plain = vault.DecryptVerified(entry, identities);
            }
            catch (VaultException e) when (e.Kind == VaultErrorKind.BadInput)
            {
                bad.Add(e.Message);
                continue;
            }
            // Once one secret failed nothing is written; the rest are still checked, to list every problem.
            if (bad.Count == 0) change.Seal(entry.Secret, plain, manifest.Team);
            else CryptographicOperations.ZeroMemory(plain);
        }
        if (bad.Count > 0)
            throw new VaultException(VaultErrorKind.BadInput,
                $"refusing to re-seal: {SiteOperations.Plural(bad.Count, "secret")} failed verification (nothing was changed):\n  " + string.Join("\n  ", bad),
                "restore each from git history (`git log -p -- PATH`), or rotate it (`oniongroove backend rotate` / `client rotate`), then retry",
                "`oniongroove audit` lists every such problem");
    }

    /// <summary>Compares recipients ignoring an SSH key's comment.</summary>
    private static bool SameKey(string a, string b)
    {
        static string Key(string r) => string.Join(' ', r.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));
        return Key(a) == Key(b);
    }
}

/// <summary>What a removed member could read, which backend keys were rotated, and which exposed
/// secrets stay valid (frontend keys cannot rotate without changing the site's address).</summary>
public sealed record RemovalResult(IReadOnlyList<SecretEntry> Exposed, IReadOnlyList<string> Rotated, IReadOnlyList<SecretEntry> NotRotated);
