using OnionGroove.Deploy.Inventory;
using OnionGroove.Deploy.Plan;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Deploy.Tests;

/// <summary>environment.yml's tor_network lines become the tor role's tor_network_config in
/// group_vars/all.yml (repeated options as a list), and malformed lines are refused.</summary>
public sealed class TorNetworkRenderTests
{
    private static VaultManifest OneSite()
    {
        var m = new VaultManifest();
        var s = new SiteEntry { Name = "news", Address = new string('a', 55) + "d.onion" };
        s.Backends.Add(new BackendEntry { Name = "b1", Address = new string('b', 55) + "d.onion", Host = "be1" });
        m.Sites.Add(s);
        return m;
    }

    private const string EnvironmentYaml = """
        version: 1
        hosts:
          fe1: {frontend: true, address: 10.231.1.2}
          be1: {address: 10.231.2.2}
        tor_network:
          - TestingTorNetwork 1
          - V3AuthVotingInterval 20
          - DirAuthority a0 orport=5001 no-v2 v3ident=AAAA 10.231.1.1:5002 BBBB
          - DirAuthority a1 orport=5003 no-v2 v3ident=CCCC 10.231.1.1:5004 DDDD
        """;

    [Fact]
    public void Network_lines_render_into_group_vars_all_for_every_host()
    {
        var parsed = EnvironmentSettingsFile.Parse(EnvironmentYaml);
        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        var built = PlanBuilder.Build("test", OneSite(), parsed.Value);
        Assert.True(built.IsSuccess, string.Join("; ", built.Error ?? []));
        var all = InventoryRenderer.Render(built.Value)["group_vars/all.yml"];
        var vars = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, object>>(all);
        var network = Assert.IsType<Dictionary<object, object>>(vars["tor_network_config"]);
        Assert.Equal("1", network["TestingTorNetwork"]);
        Assert.Equal("20", network["V3AuthVotingInterval"]);
        var authorities = Assert.IsType<List<object>>(network["DirAuthority"]);
        Assert.Equal(["a0 orport=5001 no-v2 v3ident=AAAA 10.231.1.1:5002 BBBB", "a1 orport=5003 no-v2 v3ident=CCCC 10.231.1.1:5004 DDDD"], authorities);

        // Round trip through environment.yml keeps the lines.
        var again = EnvironmentSettingsFile.Parse(EnvironmentSettingsFile.Serialize(parsed.Value));
        Assert.Equal(parsed.Value.TorNetwork, again.Value.TorNetwork);
    }

    [Fact]
    public void Without_network_lines_group_vars_all_has_no_network_settings()
    {
        var settings = new EnvironmentSettings();
        settings.Hosts["fe1"] = new HostSettings { Frontend = true };
        settings.Hosts["be1"] = new HostSettings();
        var all = InventoryRenderer.Render(PlanBuilder.Build("test", OneSite(), settings).Value)["group_vars/all.yml"];
        Assert.DoesNotContain("tor_network_config", all);
    }

    [Theory]
    [InlineData("TestingTorNetwork")]
    [InlineData("TestingTorNetwork 1\nDataDirectory /tmp")]
    [InlineData("1 TestingTorNetwork")]
    [InlineData("TestingTorNetwork 1 # on")]
    public void Malformed_network_lines_are_refused(string line)
    {
        var settings = new EnvironmentSettings { TorNetwork = [line] };
        settings.Hosts["fe1"] = new HostSettings { Frontend = true };
        var built = PlanBuilder.Build("test", OneSite(), settings);
        Assert.Null(built.ValueOrDefault);
        Assert.Contains(built.Error!, p => p.Message.StartsWith("tor_network:", StringComparison.Ordinal));
        var yaml = $"version: 1\ntor_network:\n  - {System.Text.Json.JsonSerializer.Serialize(line)}\n";
        Assert.StartsWith("tor_network:", EnvironmentSettingsFile.Parse(yaml).Error?.ToString());
    }
}
