namespace OnionGroove.Deploy.Plan;

/// <summary>
/// Everything Ansible needs for one environment, with no secret in it: hosts and their roles,
/// sites with their addresses, backends placed on hosts, and key references (vault labels such
/// as <c>news/backends/b1</c>) that the <c>oniongroove_key</c> lookup resolves at run time.
/// </summary>
public sealed record DeploymentPlan(string Environment, IReadOnlyList<PlannedHost> Hosts, IReadOnlyList<PlannedSite> Sites)
{
    /// <summary>torrc lines of the Tor network the hosts join (environment.yml tor_network); empty: the public one.</summary>
    public IReadOnlyList<string> TorNetwork { get; init; } = [];

    /// <summary>The team's mesh client keys (the vault's mesh_clients): every host's mesh node authorises them.</summary>
    public IReadOnlyList<PlannedClient> MeshClients { get; init; } = [];
}

/// <summary>A machine; frontends run the balancer, every host may carry backends.</summary>
public sealed record PlannedHost(string Name, bool IsFrontend, HostConnection Connection);

/// <summary>How Ansible reaches a host; null fields are left to Ansible's defaults.</summary>
public sealed record HostConnection(string? Address, string? User, int? Port)
{
    /// <summary>ssh's ProxyCommand when the host is reached over the mesh (<see cref="MeshProxy"/>).</summary>
    public string? ProxyCommand { get; init; }

    public static HostConnection Default { get; } = new(null, null, null);
}

/// <summary>One onion site: its public (frontend) address, the frontend that publishes it, and its backends.</summary>
public sealed record PlannedSite(
    string Name,
    string Address,
    string FrontendKeyRef,
    string FrontendHost,
    SiteSettings Settings,
    IReadOnlyList<PlannedBackend> Backends,
    IReadOnlyList<PlannedClient> Clients);

/// <summary>A backend onion service placed on a host.</summary>
public sealed record PlannedBackend(string Name, string Address, string KeyRef, string Host)
{
    /// <summary>HiddenServiceDir name on the host: unique across sites sharing a host.</summary>
    public string DirectoryName(string site) => $"{site}-{Name}";
}

/// <summary>An authorized client (rend-spec CLIENT-AUTH): its x25519 public key, base32.</summary>
public sealed record PlannedClient(string Name, string PublicKeyBase32);

/// <summary>How a site is served: onion port → local web endpoint, optional upstream and clearnet twin.</summary>
public sealed record SiteSettings(
    int VirtualPort,
    int LocalPort,
    string? Upstream,
    string? Clearnet,
    int? IntroPoints,
    string? Frontend)
{
    /// <summary>What the balancer signs with (a signing bundle unless the site opts out).</summary>
    public FrontendSigning Signing { get; init; } = FrontendSigning.Bundle;

    public const int DefaultVirtualPort = 80;
    public const int FirstLocalPort = 8080;
}
