namespace OnionGroove.Deploy.Plan;

/// <summary>
/// The hand-edited part of an environment (<c>inventories/NAME.environment.yml</c>): which
/// hosts belong to it, which run the balancer, and how each site is served. Placement of
/// backends on hosts lives in the vault (backend <c>host</c>), written by <c>oniongroove host</c>.
/// </summary>
public sealed class EnvironmentSettings
{
    public int Version { get; set; } = 1;

    /// <summary>Host name → connection and role.</summary>
    public SortedDictionary<string, HostSettings> Hosts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Site name → how it is served (sites absent here get defaults).</summary>
    public SortedDictionary<string, SiteSettingsEntry> Sites { get; set; } = new(StringComparer.Ordinal);

    /// <summary>torrc lines for the Tor network every host joins, e.g. a private test network's
    /// <c>TestingTorNetwork 1</c> and <c>DirAuthority …</c> lines; empty for the public network.</summary>
    public List<string>? TorNetwork { get; set; }

    /// <summary>How Ansible reaches the hosts marked <c>mesh: true</c> over the team's mesh
    /// (docs/mesh.md, "Team and deployment"); absent: defaults.</summary>
    public MeshSettings? Mesh { get; set; }
}

/// <summary>environment.yml <c>mesh:</c>: the admin's `oniongroove` command and mesh node that
/// ssh's ProxyCommand runs (`oniongroove mesh connect HOST %p` through the admin's tor).</summary>
public sealed class MeshSettings
{
    /// <summary>The oniongroove command on the controller (default <c>oniongroove</c>, from PATH).</summary>
    public string? Command { get; set; }
    /// <summary>The admin's mesh node directory; default: mesh connect's own default
    /// ($OG_MESH_DIR, else ~/.config/oniongroove/mesh), so one inventory serves every admin.</summary>
    public string? Node { get; set; }
}

public sealed class HostSettings
{
    /// <summary>Runs the balancer (publishes the sites' frontend descriptors).</summary>
    public bool Frontend { get; set; }
    public string? Address { get; set; }
    public string? User { get; set; }
    public int? Port { get; set; }
    /// <summary>Reach this host over the mesh: ssh's ProxyCommand is `oniongroove mesh connect
    /// HOST %p`, HOST being a remote of the admin's mesh node (the host's mesh onion, role
    /// oniongroove_mesh); the address is then not used.</summary>
    public bool Mesh { get; set; }
}

public sealed class SiteSettingsEntry
{
    /// <summary>Onion port visitors use (HiddenServicePort's virtual port); 80 by default.</summary>
    public int? VirtualPort { get; set; }
    /// <summary>Port nginx listens on at 127.0.0.1 on backends; by default 8080 + the site's index.</summary>
    public int? LocalPort { get; set; }
    /// <summary>Upstream nginx proxies to (URL); without it nginx serves static files.</summary>
    public string? Upstream { get; set; }
    /// <summary>Host name of the clearnet twin that advertises the site with Onion-Location.</summary>
    public string? Clearnet { get; set; }
    /// <summary>The site answers HTTPS on its onion address: `oniongroove doctor --tor` checks the certificate.</summary>
    public bool? OnionHttps { get; set; }
    /// <summary>HiddenServiceNumIntroductionPoints on each backend (3..20).</summary>
    public int? IntroPoints { get; set; }
    /// <summary>Frontend host that publishes this site; needed only with several frontends.</summary>
    public string? Frontend { get; set; }
    /// <summary>What the balancer signs with: <c>bundle</c> (default: a signing bundle, the identity key stays in
    /// the vault) or <c>identity_key</c> (the opt-out: the host holds the site's identity key).</summary>
    public string? Signing { get; set; }
}
