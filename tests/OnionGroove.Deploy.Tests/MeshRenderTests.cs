using OnionGroove.Deploy.Inventory;
using OnionGroove.Deploy.Plan;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Deploy.Tests;

/// <summary>What `render` writes for the mesh (issue 14 item 3): the vault's mesh client public keys
/// for the oniongroove_mesh role, and for hosts marked `mesh: true` the ssh settings that go
/// through `oniongroove mesh connect`.</summary>
public sealed class MeshRenderTests
{
    private static SortedDictionary<string, string> Render(string environmentYaml, VaultManifest? manifest = null)
    {
        var settings = EnvironmentSettingsFile.Parse(environmentYaml);
        Assert.True(settings.IsSuccess, settings.Error?.ToString());
        var plan = PlanBuilder.Build("production", manifest ?? new VaultManifest(), settings.Value);
        Assert.True(plan.IsSuccess, string.Join("; ", plan.Error ?? []));
        return InventoryRenderer.Render(plan.Value);
    }

    [Fact]
    public void A_mesh_host_is_reached_through_mesh_connect_and_the_others_as_before()
    {
        var settings = EnvironmentSettingsFile.Parse("hosts:\n  be1: {address: 203.0.113.11, user: root, mesh: true}\n  be2: {address: 203.0.113.12}\n" +
                                                     "mesh: {command: /usr/bin/oniongroove, node: /home/alice/mesh}\n").Value;
        var plan = PlanBuilder.Build("production", new VaultManifest(), settings).Value;
        var be1 = plan.Hosts.Single(h => h.Name == "be1").Connection;
        Assert.Equal("be1.mesh", be1.Address);
        Assert.Equal("-o ProxyCommand=\"/usr/bin/oniongroove mesh connect --dir /home/alice/mesh be1 %p\" -o HostKeyAlias=be1.mesh -o CheckHostIP=no", be1.ProxyCommand);
        var be2 = plan.Hosts.Single(h => h.Name == "be2").Connection;
        Assert.Equal("203.0.113.12", be2.Address);
        Assert.Null(be2.ProxyCommand);

        // Without a mesh: block, the command from PATH and mesh connect's own default node.
        var plain = PlanBuilder.Build("production", new VaultManifest(), EnvironmentSettingsFile.Parse("hosts:\n  be1: {mesh: true}\n").Value).Value;
        Assert.Equal("-o ProxyCommand=\"oniongroove mesh connect be1 %p\" -o HostKeyAlias=be1.mesh -o CheckHostIP=no", plain.Hosts[0].Connection.ProxyCommand);
    }

    [Fact]
    public void The_inventory_carries_the_connection_and_the_vaults_mesh_client_keys()
    {
        var m = new VaultManifest();
        var site = new SiteEntry { Name = "news", Address = new string('a', 55) + "d.onion" };
        site.Backends.Add(new BackendEntry { Name = "b1", Address = new string('b', 55) + "d.onion", Host = "be1" });
        m.Sites.Add(site);
        var key = new string('c', 51) + "a";   // 52 base32 characters, the 4 spare bits zero
        m.MeshClients.Add(new MeshClientEntry { Name = "admins", PublicKey = key });
        var files = Render("hosts:\n  fe1: {frontend: true}\n  be1: {user: root, mesh: true}\n", m);

        var be1 = YamlTree.Parse(files["hosts.yml"])["all"]["children"]["backends"]["hosts"]["be1"];
        Assert.Equal("be1.mesh", be1["ansible_host"].Text);
        Assert.Equal("root", be1["ansible_user"].Text);
        Assert.Equal("-o ProxyCommand=\"oniongroove mesh connect be1 %p\" -o HostKeyAlias=be1.mesh -o CheckHostIP=no", be1["ansible_ssh_common_args"].Text);
        var clients = YamlTree.Parse(files["group_vars/all.yml"])["oniongroove_mesh_clients"].Items;
        Assert.Equal("admins", Assert.Single(clients)["name"].Text);
        Assert.Equal(key.ToUpperInvariant(), clients[0]["key"].Text);
    }

    [Theory]
    [InlineData("mesh: {command: ''}\n")]
    [InlineData("mesh: {command: 'a\"b'}\n")]
    [InlineData("mesh: {node: '/x/%h'}\n")]
    public void Settings_that_would_break_the_proxy_command_are_refused(string yaml)
    {
        var r = EnvironmentSettingsFile.Parse("hosts:\n  be1: {mesh: true}\n" + yaml);
        Assert.False(r.IsSuccess);
        Assert.StartsWith("mesh: ", r.Error!.Message);
    }

    [Fact]
    public void A_mesh_client_without_a_usable_key_stops_the_render()
    {
        var m = new VaultManifest();
        m.MeshClients.Add(new MeshClientEntry { Name = "admins", PublicKey = "not-a-key" });
        var r = PlanBuilder.Build("production", m, new EnvironmentSettings());
        Assert.False(r.IsSuccess);
        Assert.Contains(r.Error!, p => p.Message.StartsWith("mesh client 'admins'", StringComparison.Ordinal));
    }
}
