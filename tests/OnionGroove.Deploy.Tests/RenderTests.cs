using OnionGroove.Deploy.Inventory;
using OnionGroove.Deploy.Plan;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Manifest;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Deploy.Tests;

/// <summary>Inventory rendering from an in-memory manifest: shape, determinism, problems.</summary>
public sealed class RenderTests
{
    // Syntactically valid v3 service ids; rendering never needs the keys behind them.
    private static string Id(char c) => new string(c, 55) + "d";

    private static VaultManifest Manifest(params (string Site, char Letter, (string Name, char Letter, string? Host)[] Backends)[] sites)
    {
        var m = new VaultManifest();
        foreach (var (name, letter, backends) in sites)
        {
            var s = new SiteEntry { Name = name, Address = Id(letter) + ".onion" };
            foreach (var (b, bl, host) in backends) s.Backends.Add(new BackendEntry { Name = b, Address = Id(bl) + ".onion", Host = host });
            m.Sites.Add(s);
        }
        return m;
    }

    private static EnvironmentSettings Env(params (string Host, bool Frontend)[] hosts)
    {
        var e = new EnvironmentSettings();
        foreach (var (h, f) in hosts) e.Hosts[h] = new HostSettings { Frontend = f, Address = $"192.0.2.{e.Hosts.Count + 1}" };
        return e;
    }

    private static DeploymentPlan Plan(VaultManifest m, EnvironmentSettings e)
    {
        var r = PlanBuilder.Build("production", m, e);
        Assert.True(r.IsSuccess, string.Join("; ", r.Error ?? []));
        return r.Value;
    }

    [Fact]
    public void Backends_go_to_their_hosts_and_the_frontend_lists_them_all()
    {
        var m = Manifest(("news", 'a', [("b1", 'b', "be1"), ("b2", 'c', "be2")]));
        var files = InventoryRenderer.Render(Plan(m, Env(("fe1", true), ("be1", false), ("be2", false))));

        Assert.Equal(["group_vars/all.yml", "host_vars/be1.yml", "host_vars/be2.yml", "host_vars/fe1.yml", "hosts.yml"], files.Keys);
        var be1 = files["host_vars/be1.yml"];
        var b1 = Assert.Single(YamlTree.Parse(be1)["onion_backend_instances"].Items);
        Assert.Equal("news/backends/b1", b1["key"].Text);
        Assert.Equal($"{Id('b')}.onion", b1["address"].Text);
        Assert.Equal($"{Id('a')}.onion", b1["frontend"].Text);
        Assert.Equal("127.0.0.1:8080", Assert.Single(b1["ports"].Items)["target"].Text);
        Assert.DoesNotContain("news/backends/b2", be1);
        var fe1 = YamlTree.Parse(files["host_vars/fe1.yml"]);
        var news = Assert.Single(fe1["oniongroove_balancer_services"].Items);
        Assert.Equal("news/frontend", news["key"].Text);
        Assert.Equal([$"{Id('b')}.onion", $"{Id('c')}.onion"], news["instances"].Items.Select(i => i["address"].Text));
        Assert.False(fe1.Has("onion_backend_instances"));
        Assert.DoesNotContain("onion_backend_instances", files["host_vars/fe1.yml"]);
        var groups = YamlTree.Parse(files["hosts.yml"])["all"]["children"];
        Assert.Equal(["fe1"], groups["frontends"]["hosts"].Keys);
        Assert.Equal(["be1", "be2"], groups["backends"]["hosts"].Keys);
    }

    [Fact]
    public void Same_input_renders_the_same_bytes_and_writing_twice_changes_nothing()
    {
        var m = Manifest(("news", 'a', [("b2", 'c', "be1"), ("b1", 'b', "be1")]), ("blog", 'e', [("b1", 'f', "be1")]));
        var env = Env(("be1", false), ("fe1", true));
        var first = InventoryRenderer.Render(Plan(m, env));
        // Reversed lists in the manifest must not change the output.
        m.Sites.Reverse();
        foreach (var s in m.Sites) s.Backends.Reverse();
        var second = InventoryRenderer.Render(Plan(m, env));
        Assert.Equal(first, second);

        using var tmp = new TempDir("og-render");
        var w1 = InventoryWriter.Write(tmp.Path, first);
        Assert.Equal(first.Count, w1.Written.Count);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(tmp.Path, "hosts.yml"));
        var w2 = InventoryWriter.Write(tmp.Path, second);
        Assert.Empty(w2.Written);
        Assert.Empty(w2.Removed);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(tmp.Path, "hosts.yml")));
    }

    [Fact]
    public void Sites_get_distinct_local_ports_and_settings_are_applied()
    {
        var m = Manifest(("blog", 'e', [("b1", 'f', "be1")]), ("news", 'a', [("b1", 'b', "be1")]));
        var env = Env(("fe1", true), ("be1", false));
        env.Sites["news"] = new SiteSettingsEntry { Upstream = "http://127.0.0.1:3000", Clearnet = "news.example.org", IntroPoints = 5, VirtualPort = 8080 };
        var be1 = YamlTree.Parse(InventoryRenderer.Render(Plan(m, env))["host_vars/be1.yml"]);
        var sites = be1["onion_endpoint_sites"].Items;
        Assert.Equal(["blog", "news"], sites.Select(s => s["name"].Text));
        Assert.Equal("127.0.0.1:8080", sites[0]["listen"].Text); // blog, first in order
        Assert.Equal("127.0.0.1:8081", sites[1]["listen"].Text); // news
        Assert.Equal("http://127.0.0.1:3000", sites[1]["proxy_pass"].Text);
        Assert.Equal("news.example.org", sites[1]["clearnet_server_name"].Text);
        Assert.False(sites[0].Has("proxy_pass") || sites[0].Has("clearnet_server_name"));
        var instances = be1["onion_backend_instances"].Items;
        Assert.Equal(["blog-b1", "news-b1"], instances.Select(i => i["name"].Text));
        var news = instances[1];
        Assert.Equal("5", news["intro_points"].Text);
        Assert.Equal("8080", Assert.Single(news["ports"].Items)["virtual"].Text);
        Assert.Equal("127.0.0.1:8081", news["ports"][0]["target"].Text);
    }

    [Fact]
    public void Client_auth_keys_reach_the_backends_in_base32()
    {
        var m = Manifest(("news", 'a', [("b1", 'b', "be1")]));
        var key = new string('A', 51) + "Q";
        m.Sites[0].Clients.Add(new ClientEntry { Name = "alice", PublicKey = "descriptor:x25519:" + key });
        var be1 = InventoryRenderer.Render(Plan(m, Env(("fe1", true), ("be1", false))))["host_vars/be1.yml"];
        var client = Assert.Single(Assert.Single(YamlTree.Parse(be1)["onion_backend_instances"].Items)["client_auth"].Items);
        Assert.Equal(["alice", key], new[] { client["name"].Text, client["public_key"].Text });
        Assert.DoesNotContain("descriptor:x25519", be1);
    }

    [Fact]
    public void Client_keys_in_any_case_and_form_render_as_tors_upper_case_base32()
    {
        using var client = OnionGroove.Crypto.Keys.ClientAuthSecretKey.Generate();
        var line = client.PublicKey.ToAuthFileLine(); // what `client add` stores: lower-case base32
        var upper = client.PublicKey.ToBase32().ToUpperInvariant();
        var m = Manifest(("news", 'a', [("b1", 'b', "be1")]));
        m.Sites[0].Clients.Add(new ClientEntry { Name = "a", PublicKey = line });
        m.Sites[0].Clients.Add(new ClientEntry { Name = "b", PublicKey = "descriptor:x25519:" + upper });
        m.Sites[0].Clients.Add(new ClientEntry { Name = "c", PublicKey = client.PublicKey.ToBase32() });
        var be1 = YamlTree.Parse(InventoryRenderer.Render(Plan(m, Env(("fe1", true), ("be1", false))))["host_vars/be1.yml"]);
        var clients = Assert.Single(be1["onion_backend_instances"].Items)["client_auth"].Items;
        Assert.Equal(["a", "b", "c"], clients.Select(c => c["name"].Text));
        Assert.All(clients, c => Assert.Equal(upper, c["public_key"].Text));
    }

    [Theory]
    [InlineData("descriptor:x25519:tooshort", "52 base32 characters")]
    [InlineData("descriptor:x448:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQ", "unsupported key type")]
    [InlineData("descriptor:x25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "all zeros")]
    [InlineData("descriptor:x25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1", "invalid base32 character")]
    public void A_bad_client_key_is_a_problem_that_says_why(string stored, string why)
    {
        var m = Manifest(("news", 'a', [("b1", 'b', "be1")]));
        m.Sites[0].Clients.Add(new ClientEntry { Name = "alice", PublicKey = stored });
        var r = PlanBuilder.Build("production", m, Env(("fe1", true), ("be1", false)));
        Assert.Null(r.ValueOrDefault);
        var problem = Assert.Single(r.Error!).Message;
        Assert.Contains("client 'alice'", problem);
        Assert.Contains(why, problem);
    }

    [Fact]
    public void Backends_on_hosts_outside_the_environment_are_left_out()
    {
        var m = Manifest(("news", 'a', [("b1", 'b', "be1"), ("b2", 'c', "staging1"), ("b3", 'd', null)]));
        var files = InventoryRenderer.Render(Plan(m, Env(("fe1", true), ("be1", false))));
        Assert.DoesNotContain(Id('c'), string.Concat(files.Values));
        Assert.DoesNotContain(Id('d'), string.Concat(files.Values));
    }

    [Theory]
    [InlineData(0, "no frontend host")]
    [InlineData(2, "several frontends")]
    public void A_site_needs_exactly_one_frontend_unless_it_names_one(int frontends, string expected)
    {
        var m = Manifest(("news", 'a', [("b1", 'b', "be1")]));
        var env = Env(("be1", false));
        for (var i = 0; i < frontends; i++) env.Hosts[$"fe{i}"] = new HostSettings { Frontend = true };
        var r = PlanBuilder.Build("production", m, env);
        Assert.Null(r.ValueOrDefault);
        Assert.Contains(r.Error!, p => p.Message.Contains(expected, StringComparison.Ordinal));
        if (frontends == 2)
        {
            env.Sites["news"] = new SiteSettingsEntry { Frontend = "fe1" };
            Assert.NotNull(PlanBuilder.Build("production", m, env).ValueOrDefault);
        }
    }

    [Fact]
    public void Two_sites_on_one_local_port_are_refused()
    {
        var m = Manifest(("blog", 'e', [("b1", 'f', "be1")]), ("news", 'a', [("b1", 'b', "be1")]));
        var env = Env(("fe1", true), ("be1", false));
        env.Sites["news"] = new SiteSettingsEntry { LocalPort = 8080 };
        var r = PlanBuilder.Build("production", m, env);
        Assert.Contains(r.Error!, p => p.Message.Contains("both use local port 8080", StringComparison.Ordinal));
    }

    [Fact]
    public void Writer_removes_stale_rendered_files_but_never_hand_written_ones()
    {
        using var tmp = new TempDir("og-render");
        var m = Manifest(("news", 'a', [("b1", 'b', "be1"), ("b2", 'c', "be2")]));
        InventoryWriter.Write(tmp.Path, InventoryRenderer.Render(Plan(m, Env(("fe1", true), ("be1", false), ("be2", false)))));
        var mine = Path.Combine(tmp.Path, "host_vars", "extra.yml");
        File.WriteAllText(mine, "# my own settings\nfoo: 1\n");

        var r = InventoryWriter.Write(tmp.Path, InventoryRenderer.Render(Plan(m, Env(("fe1", true), ("be1", false)))));
        Assert.Equal(["host_vars/be2.yml"], r.Removed);
        Assert.True(File.Exists(mine));
    }

    [Theory]
    [InlineData("version: 2\n", "version 2")]
    [InlineData("hosts:\n  Bad_Host: {}\n", "host name 'Bad_Host'")]
    [InlineData("sites:\n  news: {intro_points: 21}\n", "intro_points must be 3..20")]
    [InlineData("sites:\n  news: {upstream: 'ftp://x'}\n", "http:// or https://")]
    [InlineData("hosts:\n  fe1: {frontend: maybe}\n", "line 2")]
    [InlineData("hostz: {}\n", "line 1")]
    [InlineData("sites:\n  news: {signing: offline}\n", "signing must be bundle (the default) or identity_key")]
    public void Bad_environment_files_are_reported_precisely(string yaml, string expected)
    {
        var r = EnvironmentSettingsFile.Parse(yaml);
        Assert.Null(r.ValueOrDefault);
        Assert.Contains(expected, r.Error?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_file_round_trips()
    {
        var e = Env(("fe1", true), ("be1", false));
        e.Sites["news"] = new SiteSettingsEntry { Clearnet = "news.example.org" };
        var again = EnvironmentSettingsFile.Parse(EnvironmentSettingsFile.Serialize(e));
        Assert.NotNull(again.ValueOrDefault);
        Assert.Equal(EnvironmentSettingsFile.Serialize(e), EnvironmentSettingsFile.Serialize(again.Value));
        Assert.True(again.Value.Hosts["fe1"].Frontend);
    }
}
