using OnionGroove.Descriptors.Offline;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>`oniongroove render --files DIR`: Onionbalance's plain tree, checked with the real
/// peers: Debian's Onionbalance loads master/config.yaml and the key, tor accepts every
/// instance_torrc and derives the vault's address from the instance key, and our own balancer
/// check accepts the config. By default each site's frontend gets a signing bundle, not its identity key
/// (issue #12); Onionbalance needs the key, so its test opts out with <c>signing: identity_key</c>.</summary>
public sealed class RenderFilesTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly CliVault _v = new("og-files", "admin", ("news", 2), ("blog", 1));

    public void Dispose() => _v.Dispose();

    private CliRunner.Result Files(string dir, params string[] more) =>
        CliRunner.Run(["render", "--files", dir, "-C", _v.Path, "-i", _v.Member.File, "--inventories", _v.Tmp["inventories"], .. more]);

    private string Address(string site, string? backend = null)
    {
        var list = VaultCliKit.Data(VaultCliKit.Ok("site", "show", site, "--json", "-C", _v.Path));
        var address = backend is null
            ? list.GetProperty("address").GetString()!
            : list.GetProperty("backends").EnumerateArray().Single(b => b.GetProperty("name").GetString() == backend).GetProperty("address").GetString()!;
        return address.EndsWith(".onion", StringComparison.Ordinal) ? address[..^6] : address;
    }

    [Trait(TestCategory.Name, TestCategory.Network)] // starts tor
    [Fact]
    public void The_tree_is_complete_private_and_accepted_by_onionbalance_tor_and_the_balancer()
    {
        var dir = _v.Tmp["tree"];
        Directory.CreateDirectory(_v.Tmp["inventories"]);
        File.WriteAllText(Path.Combine(_v.Tmp["inventories"], "production.environment.yml"),
            "sites:\n  news: {signing: identity_key}\n  blog: {signing: identity_key}\n");
        var r = Files(dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("WARNING", r.Stderr);
        Assert.Contains("plaintext", r.Stderr);

        var news = Address("news");
        var blog = Address("blog");
        var instances = new[] { ("news", "b1"), ("news", "b2"), ("blog", "b1") }
            .Select(x => (Folder: $"{x.Item1}-{x.Item2}", Address: Address(x.Item1, x.Item2), Site: x.Item1 == "news" ? news : blog)).ToList();
        var expected = new List<string> { "master/config.yaml", "master/torrc-server", $"master/{news}.key", $"master/{blog}.key" };
        foreach (var i in instances)
            expected.AddRange([$"{i.Folder}/instance_torrc", $"{i.Folder}/{i.Address}/hs_ed25519_secret_key", $"{i.Folder}/{i.Address}/hostname", $"{i.Folder}/{i.Address}/ob_config"]);
        var actual = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order().ToList();
        Assert.Equal(expected.Order(), actual);
        Assert.All(actual, f => Assert.Equal(Secret, File.GetUnixFileMode(Path.Combine(dir, f))));
        Assert.All(Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Append(dir), d => Assert.Equal(Folder, File.GetUnixFileMode(d)));
        Assert.All(instances, i => Assert.Equal($"MasterOnionAddress {i.Site}.onion\n", File.ReadAllText(Path.Combine(dir, i.Folder, i.Address, "ob_config"))));

        // Debian's Onionbalance: its own config loader and service/key loader (the daemon needs a
        // live consensus before it gets further; the deployment test runs our balancer on one).
        var config = Path.Combine(dir, "master", "config.yaml");
        var ob = ExternalProgram.Run("/usr/bin/python3", ["-c", OnionbalanceLoad, config], timeout: TimeSpan.FromSeconds(60));
        Assert.True(ob.ExitCode == 0, ob.Stdout + ob.Stderr);
        var loaded = ob.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        Assert.Equal(2, loaded.Count);
        var newsLine = loaded.Single(l => l[0] == news + ".onion");
        Assert.Equal("tor-format", newsLine[1]);
        Assert.Equal(instances.Where(i => i.Site == news).Select(i => i.Address + ".onion").Order(), newsLine[2..].Order());
        Assert.Contains(loaded, l => l[0] == blog + ".onion");

        // Our balancer accepts the same file.
        var check = CliRunner.Run("balancer", "check", "--config", config);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);

        // tor accepts each instance torrc as is (started from its folder) and derives the vault's
        // backend address from the key in the HiddenServiceDir.
        foreach (var i in instances)
        {
            var folder = Path.Combine(dir, i.Folder);
            var verify = ExternalProgram.Run("tor", ["--verify-config", "-f", "instance_torrc"], workingDirectory: folder, timeout: TimeSpan.FromSeconds(60));
            Assert.True(verify.ExitCode == 0, $"{i.Folder}: {verify.Stdout}{verify.Stderr}");
            File.Delete(Path.Combine(folder, i.Address, "hostname"));
            Assert.Equal(i.Address + ".onion", TorDerivedHostname(folder, Path.Combine(folder, i.Address, "hostname")));
        }
    }

    [Fact]
    public void By_default_each_frontend_gets_a_signing_bundle_and_never_its_identity_key()
    {
        var dir = _v.Tmp["bundles"];
        Assert.Equal(ExitCodes.Usage, Files(dir, "--bundle-days", "0").ExitCode);
        var r = Files(dir, "--bundle-days", "3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var master = Path.Combine(dir, "master");
        Assert.Equal(new[] { "config.yaml", $"{Address("blog")}.signing-bundle", $"{Address("news")}.signing-bundle", "torrc-server" }.Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(master).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var config = File.ReadAllText(Path.Combine(master, "config.yaml"));
        foreach (var site in new[] { "news", "blog" })
        {
            var bundle = Path.Combine(master, $"{Address(site)}.signing-bundle");
            Assert.Equal(Secret, File.GetUnixFileMode(bundle));
            Assert.Contains($"- key: {Address(site)}.signing-bundle\n", config);
            var inspect = VaultCliKit.Data(VaultCliKit.Ok("bundle", "inspect", bundle, "--json"));
            Assert.Equal(Address(site) + ".onion", inspect.GetProperty("address").GetString());
            // Three days from now, widened to whole periods (rend-spec-v3 §2.2.4.2): the last period
            // ends between 3 and 5 days away depending on the time of day, so compare with the rule.
            var created = inspect.GetProperty("created").GetDateTimeOffset();
            var (first, count) = SigningBundleIssuer.Span(created, TimeSpan.FromDays(3), 1440, 720);
            Assert.Equal(first.Number, inspect.GetProperty("first_period").GetInt64());
            Assert.Equal(first.Number + count - 1, inspect.GetProperty("last_period").GetInt64());
            var coversUntil = inspect.GetProperty("covers_until").GetDateTimeOffset();
            Assert.InRange(coversUntil - created, TimeSpan.FromDays(3), TimeSpan.FromDays(5));
            Assert.InRange(inspect.GetProperty("remaining_days").GetDouble(), (coversUntil - DateTimeOffset.UtcNow).TotalDays - 0.02, (coversUntil - created).TotalDays + 0.01);

            // No byte of the identity key in the tree (tor's file: 32-byte header, then the 64-byte secret).
            var key = Convert.FromBase64String(VaultCliKit.Ok("render", "key", $"{site}/frontend", "-C", _v.Path, "-i", _v.Member.File).Stdout.Trim());
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(f);
                Assert.True(bytes.AsSpan().IndexOf(key.AsSpan(32, 32)) < 0 && bytes.AsSpan().IndexOf(key.AsSpan(64, 32)) < 0, $"{f} holds {site}'s identity key");
            }
        }
        // The balancer runs from this tree as it is.
        var check = CliRunner.Run("balancer", "check", "--config", Path.Combine(master, "config.yaml"));
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }

    [Fact]
    public void A_folder_that_is_not_empty_is_refused_unless_forced()
    {
        var dir = _v.Tmp["busy"];
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        var refused = Files(dir);
        Assert.Equal(ExitCodes.Conflict, refused.ExitCode);
        Assert.Contains("not empty", refused.Stderr);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));

        var forced = Files(dir, "--force", "--site", "news", "--json");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        var data = VaultCliKit.Data(forced);
        Assert.Equal(3, data.GetProperty("secret_files").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(dir, "notes.txt")));
        Assert.DoesNotContain(Address("blog"), File.ReadAllText(Path.Combine(dir, "master", "config.yaml")));
    }

    [Fact]
    public void Without_an_identity_nothing_is_written()
    {
        var dir = _v.Tmp["noid"];
        var other = TestKey.Age(_v.Tmp.Path, "stranger");
        var r = CliRunner.Run("render", "--files", dir, "-C", _v.Path, "-i", other.File, "--inventories", _v.Tmp["inventories"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.False(Directory.Exists(dir));

        var unknown = Files(_v.Tmp["unknown"], "--site", "shop");
        Assert.Equal(ExitCodes.BadInput, unknown.ExitCode);
        Assert.Contains("no site 'shop'", unknown.Stderr);
        Assert.False(Directory.Exists(_v.Tmp["unknown"]));
    }

    /// <summary>Loads config.yaml with Onionbalance's v3 loader and prints, per service, its
    /// address, the key format it recognised and the instance addresses. Instances only need a
    /// controller object to exist, not a connection.</summary>
    private const string OnionbalanceLoad = """
        import sys, types
        from onionbalance.hs_v3.onionbalance import my_onionbalance
        from onionbalance.hs_v3 import service
        my_onionbalance.config_path = sys.argv[1]
        my_onionbalance.controller = types.SimpleNamespace(controller=None)
        data = my_onionbalance.load_config_file()
        for s in data['services']:
            svc = service.OnionbalanceService(s, sys.argv[1])
            fmt = 'tor-format' if svc.is_priv_key_in_tor_format else 'pem'
            print(svc.onion_address, fmt, ' '.join(i.onion_address + '.onion' for i in svc.instances))
        """;

    /// <summary>Starts tor offline from <paramref name="folder"/> with its instance_torrc and waits
    /// for the hostname it derives from the key.</summary>
    private static string TorDerivedHostname(string folder, string hostname)
    {
        using var tor = OfflineTor.StartFromTorrc(folder, "instance_torrc", Path.GetDirectoryName(hostname)!);
        return tor.WaitForHostname().Trim();
    }
}
