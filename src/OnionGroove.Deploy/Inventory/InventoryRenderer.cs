using OnionGroove.Deploy.Plan;
using YamlDotNet.Serialization;

namespace OnionGroove.Deploy.Inventory;

/// <summary>
/// Turns a <see cref="DeploymentPlan"/> into the files of an Ansible inventory folder
/// (hosts.yml, group_vars/all.yml, host_vars/HOST.yml) in the shape the roles in roles/ read.
/// Output is a pure function of the plan (ordered by name), so an unchanged vault renders
/// byte-identical files and git shows no diff.
/// </summary>
public static class InventoryRenderer
{
    public const string Header = "# Rendered by `oniongroove render`; do not edit: change the vault or environment.yml and render again.\n";

    public const string FrontendGroup = "frontends";
    public const string BackendGroup = "backends";

    /// <summary>Relative path ('/' separators) → file content.</summary>
    public static SortedDictionary<string, string> Render(DeploymentPlan plan)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["hosts.yml"] = Yaml(Hosts(plan)),
            ["group_vars/all.yml"] = Yaml(AllVars(plan)),
        };
        foreach (var host in plan.Hosts.OrderBy(h => h.Name, StringComparer.Ordinal))
            files[$"host_vars/{host.Name}.yml"] = Yaml(HostVars(plan, host));
        return files;
    }

    private static OrderedDictionary<string, object?> AllVars(DeploymentPlan plan)
    {
        var vars = new OrderedDictionary<string, object?> { ["oniongroove_environment"] = plan.Environment };
        // Only when set, so inventories for the public network stay as they were.
        if (plan.TorNetwork.Count > 0) vars["tor_network_config"] = TorNetworkLines.ToConfig(plan.TorNetwork);
        // The team's mesh client keys, for roles/oniongroove_mesh (public halves only).
        if (plan.MeshClients.Count > 0)
            vars["oniongroove_mesh_clients"] = plan.MeshClients
                .Select(c => new OrderedDictionary<string, object?> { ["name"] = c.Name, ["key"] = c.PublicKeyBase32 })
                .ToList();
        return vars;
    }

    private static OrderedDictionary<string, object?> Hosts(DeploymentPlan plan)
    {
        var carriers = plan.Sites.SelectMany(s => s.Backends).Select(b => b.Host).ToHashSet(StringComparer.Ordinal);
        OrderedDictionary<string, object?> Group(IEnumerable<PlannedHost> hosts)
        {
            var map = new OrderedDictionary<string, object?>();
            foreach (var h in hosts.OrderBy(h => h.Name, StringComparer.Ordinal)) map[h.Name] = Connection(h.Connection);
            return new() { ["hosts"] = map };
        }
        return new()
        {
            ["all"] = new OrderedDictionary<string, object?>
            {
                ["children"] = new OrderedDictionary<string, object?>
                {
                    [FrontendGroup] = Group(plan.Hosts.Where(h => h.IsFrontend)),
                    [BackendGroup] = Group(plan.Hosts.Where(h => carriers.Contains(h.Name))),
                },
            },
        };
    }

    private static OrderedDictionary<string, object?>? Connection(HostConnection c)
    {
        var map = new OrderedDictionary<string, object?>();
        if (c.Address is not null) map["ansible_host"] = c.Address;
        if (c.Port is not null) map["ansible_port"] = c.Port;
        if (c.User is not null) map["ansible_user"] = c.User;
        if (c.ProxyCommand is not null) map["ansible_ssh_common_args"] = c.ProxyCommand;
        return map.Count == 0 ? null : map;
    }

    private static OrderedDictionary<string, object?> HostVars(DeploymentPlan plan, PlannedHost host)
    {
        var vars = new OrderedDictionary<string, object?>();
        var placed = plan.Sites
            .SelectMany(s => s.Backends.Where(b => b.Host == host.Name).Select(b => (Site: s, Backend: b)))
            .ToList();
        if (placed.Count > 0)
        {
            vars["onion_backend_instances"] = placed.Select(p => BackendInstance(p.Site, p.Backend)).ToList();
            vars["onion_endpoint_sites"] = placed.Select(p => p.Site).Distinct().Select(EndpointSite).ToList();
        }
        var published = plan.Sites.Where(s => host.IsFrontend && s.FrontendHost == host.Name).ToList();
        if (host.IsFrontend) vars["oniongroove_balancer_services"] = published.Select(BalancerService).ToList();
        return vars;
    }

    private static OrderedDictionary<string, object?> BackendInstance(PlannedSite site, PlannedBackend b)
    {
        var map = new OrderedDictionary<string, object?>
        {
            ["site"] = site.Name,
            ["name"] = b.DirectoryName(site.Name),
            ["key"] = b.KeyRef,
            ["address"] = b.Address + ".onion",
            ["frontend"] = site.Address + ".onion",
            ["ports"] = new List<object>
            {
                new OrderedDictionary<string, object?>
                {
                    ["virtual"] = site.Settings.VirtualPort,
                    ["target"] = $"127.0.0.1:{site.Settings.LocalPort}",
                },
            },
        };
        if (site.Settings.IntroPoints is { } n) map["intro_points"] = n;
        if (site.Clients.Count > 0)
            map["client_auth"] = site.Clients
                .Select(c => new OrderedDictionary<string, object?> { ["name"] = c.Name, ["public_key"] = c.PublicKeyBase32 })
                .ToList();
        return map;
    }

    private static OrderedDictionary<string, object?> EndpointSite(PlannedSite site)
    {
        var map = new OrderedDictionary<string, object?>
        {
            ["name"] = site.Name,
            ["listen"] = $"127.0.0.1:{site.Settings.LocalPort}",
            ["onion_address"] = site.Address + ".onion",
        };
        if (site.Settings.Upstream is { } u) map["proxy_pass"] = u;
        if (site.Settings.Clearnet is { } c) map["clearnet_server_name"] = c;
        return map;
    }

    private static OrderedDictionary<string, object?> BalancerService(PlannedSite site)
    {
        var map = new OrderedDictionary<string, object?>
        {
            ["site"] = site.Name,
            ["key"] = site.FrontendKeyRef,
            ["address"] = site.Address + ".onion",
            ["instances"] = site.Backends
                .Select(b => new OrderedDictionary<string, object?> { ["name"] = b.Name, ["address"] = b.Address + ".onion" })
                .ToList(),
        };
        // Only the opt-out is written: the role signs with a bundle by default (roles/oniongroove_balancer/defaults).
        if (site.Settings.Signing != FrontendSigning.Bundle) map["signing"] = site.Settings.Signing.Name();
        return map;
    }

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    internal static string Yaml(object document) => Header + "---\n" + Serializer.Serialize(document);
}
