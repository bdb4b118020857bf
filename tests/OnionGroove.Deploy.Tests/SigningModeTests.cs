using OnionGroove.Deploy.Files;
using OnionGroove.Deploy.Inventory;
using OnionGroove.Deploy.Plan;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Deploy.Tests;

/// <summary>What a site's balancer signs with (issue #12): a signing bundle unless environment.yml says
/// <c>signing: identity_key</c>, in the rendered inventory (the role's default is a bundle) and in
/// <c>render --files</c>' tree.</summary>
public sealed class SigningModeTests
{
    private static string Id(char c) => new string(c, 55) + "d";

    private static VaultManifest Manifest()
    {
        var m = new VaultManifest();
        foreach (var (name, letter, backend) in new[] { ("blog", 'a', 'b'), ("news", 'c', 'e') })
        {
            var s = new SiteEntry { Name = name, Address = Id(letter) + ".onion" };
            s.Backends.Add(new BackendEntry { Name = "b1", Address = Id(backend) + ".onion", Host = "be1" });
            m.Sites.Add(s);
        }
        return m;
    }

    private static EnvironmentSettings Settings(string yamlSites)
    {
        var r = EnvironmentSettingsFile.Parse("hosts:\n  fe1: {frontend: true}\n  be1: {}\n" + yamlSites);
        Assert.True(r.IsSuccess, r.Error?.ToString());
        return r.Value;
    }

    private static List<Dictionary<string, string?>> Services(EnvironmentSettings settings)
    {
        var plan = PlanBuilder.Build("production", Manifest(), settings);
        Assert.True(plan.IsSuccess, string.Join("; ", plan.Error ?? []));
        var fe1 = YamlTree.Parse(InventoryRenderer.Render(plan.Value)["host_vars/fe1.yml"]);
        return fe1["oniongroove_balancer_services"].Items
            .Select(s => new Dictionary<string, string?> { ["site"] = s["site"].Text, ["signing"] = s.Has("signing") ? s["signing"].Text : null })
            .ToList();
    }

    [Fact]
    public void A_split_key_site_waiting_for_its_offset_is_not_deployed()
    {
        var manifest = Manifest();
        manifest.Sites.Single(s => s.Name == "news").SplitKeyPending = true;
        var plan = PlanBuilder.Build("production", manifest, Settings(""));
        Assert.False(plan.IsSuccess);
        var problem = Assert.Single(plan.Error);
        Assert.Contains("site 'news' is waiting for its split-key offset", problem.Message);
    }

    [Fact]
    public void The_inventory_names_only_the_opt_out_and_the_role_defaults_to_a_bundle()
    {
        // No setting: nothing rendered, so the role's default (bundle) applies and existing inventories stay as they were.
        Assert.All(Services(Settings("")), s => Assert.Null(s["signing"]));
        Assert.All(Services(Settings("sites:\n  news: {signing: bundle}\n")), s => Assert.Null(s["signing"]));
        var optOut = Services(Settings("sites:\n  news: {signing: identity_key}\n"));
        Assert.Null(optOut.Single(s => s["site"] == "blog")["signing"]);
        Assert.Equal("identity_key", optOut.Single(s => s["site"] == "news")["signing"]);

        var defaults = File.ReadAllText(Path.Combine(Ansible.Root, "roles", "oniongroove_balancer", "defaults", "main.yml"));
        Assert.Contains("\noniongroove_balancer_signing: bundle\n", defaults);
    }

    [Fact]
    public void The_files_tree_holds_a_bundle_per_site_unless_the_site_opts_out()
    {
        var bundles = OnionbalanceTree.Build(Manifest(), null, []);
        Assert.True(bundles.IsSuccess);
        var master = bundles.Value.Where(f => f.RelativePath.StartsWith("master/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["master/config.yaml", "master/torrc-server", $"master/{Id('a')}.signing-bundle", $"master/{Id('c')}.signing-bundle"],
            master.Select(f => f.RelativePath));
        Assert.All(master.Where(f => f.IsSecret), f => Assert.True(f.Key!.Bundle && f.Key.Backend is null));
        var config = master[0].Text!;
        Assert.Contains($"- key: {Id('a')}.signing-bundle\n", config);
        Assert.DoesNotContain(".key\n", config);

        var optOut = OnionbalanceTree.Build(Manifest(), Settings("sites:\n  news: {signing: identity_key}\n"), []);
        Assert.True(optOut.IsSuccess);
        var secrets = optOut.Value.Where(f => f.IsSecret && f.Key!.Backend is null).ToDictionary(f => f.Key!.Site);
        Assert.True(secrets["blog"].Key!.Bundle);
        Assert.False(secrets["news"].Key!.Bundle);
        Assert.Equal($"master/{Id('c')}.key", secrets["news"].RelativePath);
        Assert.Contains($"- key: {Id('c')}.key\n", optOut.Value[0].Text);
    }
}
