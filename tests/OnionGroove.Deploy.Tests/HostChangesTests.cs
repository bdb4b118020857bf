using OnionGroove.Deploy.Placement;
using OnionGroove.Deploy.Plan;
using OnionGroove.TestSupport;
using OnionGroove.Vault;

namespace OnionGroove.Deploy.Tests;

/// <summary>`host add` / `host remove` as one change over the environment's settings file and the
/// vault: a refusal or a failed commit leaves both as they were.</summary>
public sealed class HostChangesTests : IDisposable
{
    private readonly TempDir _dir = new("oghc");
    private readonly TestVault _vault;
    private readonly EnvironmentLayout _layout;

    public HostChangesTests()
    {
        _vault = TestVault.Create(_dir["v"], ("news", 2));
        _layout = new EnvironmentLayout(_dir["inventories"], "production");
    }

    public void Dispose() => _dir.Dispose();

    private static HostChanges.Connection Backend(string address) => new(false, address, null, null);

    private EnvironmentSettings Read()
    {
        var r = EnvironmentSettingsFile.Read(_layout.SettingsFile);
        Assert.True(r.IsSuccess, r.Error?.ToString());
        return r.Value;
    }

    private string Head() => _vault.Vault.Git.Check("rev-parse", "HEAD").Trim();

    /// <summary>A stale index.lock makes the vault refuse the commit after the settings were written.</summary>
    private string LockIndex()
    {
        var lockFile = Path.Combine(_vault.Vault.Root, ".git", "index.lock");
        File.WriteAllText(lockFile, "");
        return lockFile;
    }

    [Fact]
    public void Add_without_backends_writes_the_settings_only()
    {
        var head = Head();
        var (h, placed) = HostChanges.Add(_layout, new EnvironmentSettings(), "fe1", new(true, "192.0.2.1", "root", 2222), vault: null, []);
        Assert.Empty(placed);
        Assert.True(h.Frontend);
        var fe1 = Read().Hosts["fe1"];
        Assert.Equal(("192.0.2.1", "root", 2222, true), (fe1.Address, fe1.User, fe1.Port, fe1.Frontend));
        Assert.Equal(head, Head());
    }

    [Fact]
    public void Add_merges_into_the_existing_entry()
    {
        HostChanges.Add(_layout, new EnvironmentSettings(), "fe1", new(true, "192.0.2.1", "root", null), null, []);
        var (h, _) = HostChanges.Add(_layout, Read(), "fe1", new(false, null, null, 2222), null, []);
        Assert.Equal(("192.0.2.1", "root", 2222, true), (h.Address, h.User, h.Port, h.Frontend));
        Assert.Equal(2222, Read().Hosts["fe1"].Port);
    }

    [Fact]
    public void Add_with_backends_writes_both()
    {
        var (_, placed) = HostChanges.Add(_layout, new EnvironmentSettings(), "be1", Backend("192.0.2.2"), _vault.Vault, ["news"]);
        Assert.Equal(["news/b1"], placed);
        Assert.Equal("192.0.2.2", Read().Hosts["be1"].Address);
        Assert.Equal("be1", _vault.Vault.Manifest.FindSite("news")!.FindBackend("b1")!.Host);
        Assert.Equal("host add be1: news/b1", _vault.Vault.Git.Check("log", "-1", "--format=%s").Trim());
    }

    [Fact]
    public void A_refused_placement_leaves_the_settings_as_they_were()
    {
        HostChanges.Add(_layout, new EnvironmentSettings(), "fe1", new(true, "192.0.2.1", null, null), null, []);
        var before = File.ReadAllBytes(_layout.SettingsFile);
        var e = Assert.Throws<VaultException>(() =>
            HostChanges.Add(_layout, Read(), "be1", Backend("192.0.2.2"), _vault.Vault, ["nosuchsite"]));
        Assert.Equal(VaultErrorKind.Usage, e.Kind);
        Assert.Equal(before, File.ReadAllBytes(_layout.SettingsFile));
    }

    [Fact]
    public void A_failed_commit_puts_the_settings_file_back()
    {
        HostChanges.Add(_layout, new EnvironmentSettings(), "fe1", new(true, "192.0.2.1", null, null), null, []);
        var before = File.ReadAllBytes(_layout.SettingsFile);
        var head = Head();
        var lockFile = LockIndex();
        var e = Assert.Throws<VaultException>(() =>
            HostChanges.Add(_layout, Read(), "be1", Backend("192.0.2.2"), _vault.Vault, ["news/b2"]));
        Assert.Equal(VaultErrorKind.Conflict, e.Kind);
        Assert.Equal(before, File.ReadAllBytes(_layout.SettingsFile));
        File.Delete(lockFile);
        Assert.Equal(head, Head());
        Assert.Null(_vault.Vault.Manifest.FindSite("news")!.FindBackend("b2")!.Host);
    }

    [Fact]
    public void A_failed_commit_removes_a_settings_file_it_created()
    {
        LockIndex();
        Assert.Throws<VaultException>(() =>
            HostChanges.Add(_layout, new EnvironmentSettings(), "be1", Backend("192.0.2.2"), _vault.Vault, ["news"]));
        Assert.False(File.Exists(_layout.SettingsFile));
        Assert.False(Directory.Exists(_layout.Inventories));
    }

    [Fact]
    public void Remove_takes_the_host_out_of_both_and_a_failed_commit_out_of_neither()
    {
        HostChanges.Add(_layout, new EnvironmentSettings(), "be1", Backend("192.0.2.2"), _vault.Vault, ["news/b1", "news/b2"]);
        var before = File.ReadAllBytes(_layout.SettingsFile);
        var lockFile = LockIndex();
        Assert.Throws<VaultException>(() => HostChanges.Remove(_layout, Read(), "be1", _vault.Vault, []));
        Assert.Equal(before, File.ReadAllBytes(_layout.SettingsFile));
        File.Delete(lockFile);

        Assert.True(HostChanges.IsKnown(Read(), _vault.Vault, "be1"));
        Assert.Equal(["news/b1", "news/b2"], HostChanges.Remove(_layout, Read(), "be1", _vault.Vault, []));
        Assert.False(Read().Hosts.ContainsKey("be1"));
        Assert.DoesNotContain(_vault.Vault.Manifest.Hosts, h => h.Name == "be1");
        Assert.False(HostChanges.IsKnown(Read(), _vault.Vault, "be1"));
    }

    [Fact]
    public void Remove_with_a_backend_keeps_the_host()
    {
        HostChanges.Add(_layout, new EnvironmentSettings(), "be1", Backend("192.0.2.2"), _vault.Vault, ["news/b1", "news/b2"]);
        Assert.Equal(["news/b2"], HostChanges.Remove(_layout, Read(), "be1", _vault.Vault, ["news/b2"]));
        Assert.True(Read().Hosts.ContainsKey("be1"));
        var rows = HostList.Of(Read(), _vault.Vault.Manifest);
        var row = Assert.Single(rows);
        Assert.Equal(new HostList.Row("be1", false, "192.0.2.2", row.Backends), row);
        Assert.Equal(["news/b1"], row.Backends);
    }
}
