using System.Text.Json;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>What `render` writes is read by the real `ansible-inventory`: the example environment in
/// inventories/ works as documented, and the hand-edited settings never reach Ansible as inventory.</summary>
public sealed class InventoryAnsibleTests : IDisposable
{
    private readonly CliVault _v = new("og-inv-ansible", "admin", ("news", 2));

    private string Inventories => _v.Tmp["inventories"];

    public void Dispose() => _v.Dispose();

    private CliRunner.Result Ok(params string[] args) => VaultCliKit.Ok([.. args, "-C", _v.Path, "--inventories", Inventories]);

    [Fact]
    public void The_example_environment_renders_and_ansible_reads_the_groups_it_documents()
    {
        // The committed file, unchanged: placement is recorded in the vault, so placing the
        // backends through another environment leaves the example's bytes alone.
        Directory.CreateDirectory(Inventories);
        var example = Path.Combine(SharedFiles.RepoRoot, "inventories", "example.environment.yml");
        File.Copy(example, Path.Combine(Inventories, "example.environment.yml"));
        Ok("host", "add", "be1", "--env", "scratch", "--backend", "news/b1");
        Ok("host", "add", "be2", "--env", "scratch", "--backend", "news/b2");

        Ok("render", "--env", "example");
        Assert.Equal(File.ReadAllBytes(example), File.ReadAllBytes(Path.Combine(Inventories, "example.environment.yml")));

        var (inventory, stderr) = AnsibleInventory(Path.Combine(Inventories, "example"));
        Assert.DoesNotContain("WARNING", stderr);
        Assert.Equal(["fe1"], Hosts(inventory, "frontends"));
        Assert.Equal(["be1", "be2"], Hosts(inventory, "backends"));
        var vars = inventory.GetProperty("_meta").GetProperty("hostvars");
        Assert.Equal("203.0.113.10", vars.GetProperty("fe1").GetProperty("ansible_host").GetString());
        Assert.Equal("root", vars.GetProperty("be1").GetProperty("ansible_user").GetString());
        Assert.Equal(22, vars.GetProperty("be2").GetProperty("ansible_port").GetInt32());
        Assert.Equal("example", vars.GetProperty("be1").GetProperty("oniongroove_environment").GetString());
    }

    [Fact]
    public void Ansible_reads_a_rendered_environment_without_warnings_or_groups_made_of_the_settings()
    {
        Ok("host", "add", "fe1", "--frontend", "--address", "192.0.2.1");
        Ok("host", "add", "be1", "--address", "192.0.2.2", "--backend", "news");
        Ok("render");
        Assert.True(File.Exists(Path.Combine(Inventories, "production.environment.yml")));
        Assert.False(File.Exists(Path.Combine(Inventories, "production", "environment.yml")));

        var (inventory, stderr) = AnsibleInventory(Path.Combine(Inventories, "production"));
        // Settings inside the folder gave "Skipping 'version' as this is not a valid group
        // definition" and "Skipping unexpected key (be1) in group (hosts)".
        Assert.DoesNotContain("WARNING", stderr);
        Assert.DoesNotContain("Skipping", stderr);
        var groups = Groups(inventory);
        Assert.DoesNotContain("hosts", groups);
        Assert.DoesNotContain("sites", groups);
        Assert.Equal(["fe1"], Hosts(inventory, "frontends"));
        Assert.Equal(["be1"], Hosts(inventory, "backends"));
    }

    [Fact]
    public void Settings_an_older_release_left_in_the_inventory_folder_are_moved_beside_it_with_a_note()
    {
        var old = Path.Combine(Inventories, "production", "environment.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        const string settings = "version: 1\nhosts:\n  fe1: {frontend: true, address: 192.0.2.1}\n  be1: {address: 192.0.2.2}\n";
        File.WriteAllText(old, settings);

        var r = Ok("host", "add", "be1", "--backend", "news");
        Assert.Contains($"moved {old} to {Path.Combine(Inventories, "production.environment.yml")}", r.Stderr);
        Assert.False(File.Exists(old));
        Assert.Contains("192.0.2.1", File.ReadAllText(Path.Combine(Inventories, "production.environment.yml")));
        Ok("render");
        Assert.DoesNotContain("WARNING", AnsibleInventory(Path.Combine(Inventories, "production")).Stderr);
    }

    [Fact]
    public void Settings_in_both_places_are_refused_and_left_alone()
    {
        var old = Path.Combine(Inventories, "production", "environment.yml");
        var current = Path.Combine(Inventories, "production.environment.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        File.WriteAllText(old, "version: 1\nhosts:\n  fe1: {frontend: true}\n");
        File.WriteAllText(current, "version: 1\nhosts:\n  fe2: {frontend: true}\n");

        var r = CliRunner.Run("render", "-C", _v.Path, "--inventories", Inventories);
        Assert.Equal(ExitCodes.Conflict, r.ExitCode);
        Assert.StartsWith("oniongroove: ", r.Stderr);
        Assert.Contains("both exist", r.Stderr);
        Assert.Contains("hint:", r.Stderr);
        Assert.Contains("fe1", File.ReadAllText(old));
        Assert.Contains("fe2", File.ReadAllText(current));
        Assert.False(File.Exists(Path.Combine(Inventories, "production", "hosts.yml")));
    }

    /// <summary>`ansible-inventory --list` with the repository's ansible.cfg, as ansible-playbook would read it.</summary>
    private static (JsonElement Inventory, string Stderr) AnsibleInventory(string folder)
    {
        Assert.True(ExternalProgram.Exists("ansible-inventory"), "ansible-inventory is not installed (scripts/setup.sh installs it)");
        var env = new Dictionary<string, string>
        {
            ["ANSIBLE_CONFIG"] = Path.Combine(SharedFiles.RepoRoot, "ansible.cfg"),
            ["ANSIBLE_NOCOLOR"] = "1",
        };
        var r = ExternalProgram.Run("ansible-inventory", ["-i", folder, "--list"], workingDirectory: SharedFiles.RepoRoot,
            timeout: TimeSpan.FromMinutes(2), env: env);
        Assert.True(r.ExitCode == 0, $"ansible-inventory exited {r.ExitCode}: {r.Stderr}");
        return (JsonDocument.Parse(r.Stdout).RootElement.Clone(), r.Stderr);
    }

    /// <summary>Every group Ansible knows: the top-level entries besides _meta, and all's children.</summary>
    private static HashSet<string> Groups(JsonElement inventory)
    {
        var groups = inventory.EnumerateObject().Select(p => p.Name).Where(n => n != "_meta").ToHashSet(StringComparer.Ordinal);
        if (inventory.TryGetProperty("all", out var all) && all.TryGetProperty("children", out var children))
            foreach (var c in children.EnumerateArray()) groups.Add(c.GetString()!);
        return groups;
    }

    private static List<string> Hosts(JsonElement inventory, string group) =>
        inventory.TryGetProperty(group, out var g) && g.TryGetProperty("hosts", out var hosts)
            ? [.. hosts.EnumerateArray().Select(h => h.GetString()!).Order(StringComparer.Ordinal)]
            : [];
}
