namespace OnionGroove.Vault.Manifest;

/// <summary>
/// The vault's manifest (<c>oniongroove.yaml</c>): who is on the team, which sites exist, where
/// their encrypted keys live and to whom each key is sealed. It holds no secret and is kept in
/// plain text so reviews and merges can read it.
/// </summary>
/// <remarks>
/// Property names are written in snake_case. Other components (deployment, balancer) extend the
/// model by adding optional properties here; readers must tolerate them being absent.
/// </remarks>
public sealed class VaultManifest
{
    /// <summary>The manifest format version; this code reads and writes 1.</summary>
    public int Version { get; set; } = CurrentVersion;

    /// <summary>The people who may read every secret; each secret is sealed to exactly these.</summary>
    public List<TeamMember> Team { get; set; } = [];

    /// <summary>Onion sites: one public (frontend) address each, served by several backends.</summary>
    public List<SiteEntry> Sites { get; set; } = [];

    /// <summary>Machines that run tor instances for backends (placement is filled by deployment).</summary>
    public List<HostEntry> Hosts { get; set; } = [];

    /// <summary>The team's mesh client keys (`oniongroove mesh-client`, docs/mesh.md "Team and
    /// deployment"): hosts' mesh nodes authorise their public halves, admins' nodes use the secrets.</summary>
    public List<MeshClientEntry> MeshClients { get; set; } = [];

    public const int CurrentVersion = 1;

    public TeamMember? FindMember(string name) => Team.Find(m => m.Name == name);
    public SiteEntry? FindSite(string name) => Sites.Find(s => s.Name == name);

    /// <summary>Every sealed secret in the manifest with a label saying what it is.</summary>
    public IEnumerable<SecretEntry> AllSecrets()
    {
        foreach (var site in Sites)
        {
            yield return new SecretEntry(site, SecretKind.Frontend, "frontend", site.Frontend);
            foreach (var b in site.Backends) yield return new SecretEntry(site, SecretKind.Backend, b.Name, b.Secret);
            foreach (var c in site.Clients) yield return new SecretEntry(site, SecretKind.ClientAuth, c.Name, c.Secret);
        }
        // A mesh client belongs to no site: its entry carries an empty placeholder site.
        foreach (var m in MeshClients) yield return new SecretEntry(new SiteEntry(), SecretKind.MeshClient, m.Name, m.Secret) { MeshClient = m };
    }
}

/// <summary>A team member: a name people recognise and one age recipient (age1… or ssh-ed25519 …).</summary>
public sealed class TeamMember
{
    public string Name { get; set; } = "";

    /// <summary>An age X25519 recipient (<c>age1…</c>) or an OpenSSH <c>ssh-ed25519</c> public key line.</summary>
    public string Recipient { get; set; } = "";
}

/// <summary>
/// One onion site. Its frontend key is the public address (it cannot rotate without changing
/// the address); backends are the instances the balancer points to.
/// </summary>
public sealed class SiteEntry
{
    public string Name { get; set; } = "";

    /// <summary>The public onion address (56 base32 characters + ".onion").</summary>
    public string Address { get; set; } = "";

    public SealedSecret Frontend { get; set; } = new();

    /// <summary>True while the frontend key is the base of a split-key vanity search
    /// (<c>site add NAME --split-key</c>): applying the search's offset
    /// (<c>site add NAME --prefix P --offset K</c>) changes <see cref="Address"/>, so do not deploy
    /// it yet. Absent otherwise.</summary>
    public bool? SplitKeyPending { get; set; }

    public List<BackendEntry> Backends { get; set; } = [];

    /// <summary>Client-authorization keys (rend-spec CLIENT-AUTH), when the site restricts access.</summary>
    public List<ClientEntry> Clients { get; set; } = [];

    public BackendEntry? FindBackend(string name) => Backends.Find(b => b.Name == name);
}

/// <summary>A backend onion service; the balancer publishes its introduction points under the frontend.</summary>
public sealed class BackendEntry
{
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";
    public SealedSecret Secret { get; set; } = new();

    /// <summary>Name of the <see cref="HostEntry"/> running this backend, once placed (optional).</summary>
    public string? Host { get; set; }
}

/// <summary>An authorized client of a site: the x25519 public key tor's server side needs.</summary>
public sealed class ClientEntry
{
    public string Name { get; set; } = "";

    /// <summary>The client's public key in tor's <c>.auth</c> form (<c>descriptor:x25519:BASE32</c>).</summary>
    public string PublicKey { get; set; } = "";

    public SealedSecret Secret { get; set; } = new();
}

/// <summary>A machine that runs tor instances; deployment adds what it needs (address, user, …).</summary>
public sealed class HostEntry
{
    public string Name { get; set; } = "";

    /// <summary>How to reach the machine (hostname or IP), when known.</summary>
    public string? Address { get; set; }
}

/// <summary>
/// Where an encrypted secret lives and the member names it is sealed to. age hides X25519
/// recipients inside the file, so this list is the team's record of who can read it.
/// </summary>
public sealed class SealedSecret
{
    /// <summary>Path of the .age file, relative to the vault root, with '/' separators.</summary>
    public string Path { get; set; } = "";

    public List<string> SealedTo { get; set; } = [];
}

public enum SecretKind { Frontend, Backend, ClientAuth, MeshClient }

/// <summary>A secret together with its site and role, as listed by <see cref="VaultManifest.AllSecrets"/>.</summary>
/// <remarks>A <see cref="SecretKind.MeshClient"/> belongs to no site: its <see cref="Site"/> is an
/// empty placeholder (no name, no address).</remarks>
public sealed record SecretEntry(SiteEntry Site, SecretKind Kind, string Name, SealedSecret Secret)
{
    /// <summary>The mesh client's record, for a <see cref="SecretKind.MeshClient"/>.</summary>
    public MeshClientEntry? MeshClient { get; init; }

    /// <summary>Human label such as <c>news/frontend</c> or <c>news/backends/b1</c>.</summary>
    public string Label => Kind switch
    {
        SecretKind.Frontend => $"{Site.Name}/frontend",
        SecretKind.Backend => $"{Site.Name}/backends/{Name}",
        SecretKind.MeshClient => $"mesh-clients/{Name}",
        _ => $"{Site.Name}/clients/{Name}",
    };

    /// <summary>Backend and client keys can be replaced; a frontend key is the site's address.</summary>
    public bool CanRotate => Kind != SecretKind.Frontend;
}
