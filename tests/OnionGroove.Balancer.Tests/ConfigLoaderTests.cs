using OnionGroove.Balancer.Config;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Balancer.Tests;

public class ConfigLoaderTests
{
    private static readonly string A = NewAddress(), B = NewAddress();

    private static string NewAddress()
    {
        using var k = IdentitySecretKey.Generate();
        return k.Address.ServiceId;
    }

    [Fact]
    public void Onionbalance_config_loads_unchanged_with_paths_relative_to_the_file()
    {
        var yaml = $"""
            # Onion Load Balancer Config File
            REFRESH_INTERVAL: 600
            services:
                - key: frontend.key # comment
                  instances:
                    - address: {A}.onion
                      name: web1
                    - address: {B}
                      name: web2
            """;
        var r = ConfigLoader.Parse(yaml, "/etc/ob/config.yaml");
        Assert.True(r.IsSuccess, string.Join("\n", r.Error ?? []));
        var svc = Assert.Single(r.Value.Services);
        Assert.Equal("/etc/ob/frontend.key", svc.KeyPath);
        Assert.Equal([A, B], svc.Instances.Select(i => i.Address));
        Assert.Equal(["web1", "web2"], svc.Instances.Select(i => i.Name));
        Assert.Equal("127.0.0.1:9051", r.Value.Tor.ControlEndpoint);
        Assert.Equal(MetricsSettings.DefaultListen, r.Value.Metrics.Listen);
        Assert.False(svc.DistinctDescriptors);
        Assert.Null(svc.HealthCheck);
    }

    [Fact]
    public void Extensions_are_read()
    {
        var yaml = $"""
            tor:
              control: unix:/run/tor/control
              cookie_file: cookie
            metrics:
              listen: 127.0.0.1:9999
            services:
              - key: /k
                authorized_clients: [alice.auth, /abs/bob.auth]
                distinct_descriptors: true
                intro_points_per_instance: 2
                max_intro_points: 10
                health_check:
                  port: 80
                  interval: 15
                  timeout: 5
                  failures: 3
                instances:
                  - address: {A}
                    client_key: a.auth_private
            """;
        var r = ConfigLoader.Parse(yaml, "/c/config.yaml");
        Assert.True(r.IsSuccess, string.Join("\n", r.Error ?? []));
        var c = r.Value;
        Assert.Equal("unix:/run/tor/control", c.Tor.ControlEndpoint);
        Assert.Equal("/c/cookie", c.Tor.CookieFile);
        Assert.Equal("127.0.0.1:9999", c.Metrics.Listen);
        var s = c.Services[0];
        Assert.Equal(["/c/alice.auth", "/abs/bob.auth"], s.AuthorizedClientFiles);
        Assert.True(s.DistinctDescriptors);
        Assert.Equal(2, s.IntroPointsPerInstance);
        Assert.Equal(10, s.MaxIntroPoints);
        Assert.Equal(new HealthCheckConfig(80, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), 3), s.HealthCheck);
        Assert.Equal("/c/a.auth_private", s.Instances[0].ClientKeyPath);
    }

    [Fact]
    public void Every_problem_is_listed_with_its_line()
    {
        var yaml = $"""
            services:
              - key: k1
                instances:
                  - address: notanaddress
                  - name: nameless
                  - address: {A}
                  - address: {A}
                max_intro_points: 25
                colour: blue
              - instances: []
            metrics:
              listen: nowhere
            """;
        var r = ConfigLoader.Parse(yaml, "cfg.yaml");
        Assert.False(r.IsSuccess);
        Assert.Null(r.ValueOrDefault);
        var lines = r.Error!.Select(p => (p.Line, p.Message)).ToList();
        Assert.Contains(lines, p => p.Line == 4 && p.Message.Contains("notanaddress") && p.Message.Contains("wrong length"));
        Assert.Contains(lines, p => p.Line == 5 && p.Message.Contains("no 'address'"));
        Assert.Contains(lines, p => p.Line == 8 && p.Message.Contains("max_intro_points") && p.Message.Contains("1 to 20"));
        Assert.Contains(lines, p => p.Line == 9 && p.Message.Contains("colour"));
        Assert.Contains(lines, p => p.Line == 10 && p.Message.Contains("no 'key'"));
        Assert.Contains(lines, p => p.Line == 12 && p.Message.Contains("metrics.listen"));
        Assert.All(r.Error!, p => Assert.StartsWith("cfg.yaml:", p.ToString()));
    }

    [Fact]
    public void Duplicate_instances_are_reported()
    {
        var yaml = $"services:\n  - key: k\n    instances:\n      - address: {A}\n      - address: {A}.onion\n";
        var r = ConfigLoader.Parse(yaml, "c.yaml");
        var p = Assert.Single(r.Error!);
        Assert.Equal(5, p.Line);
        Assert.Contains("listed twice", p.Message);
    }

    [Theory]
    [InlineData("", "'services'")]
    [InlineData("tor: {}", "'services' is missing")]
    [InlineData("services: 3", "must be a list")]
    [InlineData("services:\n  - key: k\n", "no 'instances'")]
    [InlineData("services: [\n", "not valid YAML")]
    [InlineData("- a\n- b\n", "YAML mapping")]
    public void Structural_errors_are_reported_not_thrown(string yaml, string expected)
    {
        var r = ConfigLoader.Parse(yaml, "c.yaml");
        Assert.False(r.IsSuccess);
        Assert.Contains(r.Error!, p => p.Message.Contains(expected));
    }

    [Fact]
    public void Missing_file_is_a_problem_not_an_exception()
    {
        var r = ConfigLoader.LoadFile("/nonexistent/og/config.yaml");
        Assert.Contains("cannot read", Assert.Single(r.Error!).Message);
    }

    [Fact]
    public void A_config_that_is_not_a_regular_file_is_refused_at_once()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDir();
        Assert.Equal(0, ExternalProgram.Run("mkfifo", [dir["fifo.yaml"]]).ExitCode);
        File.CreateSymbolicLink(dir["zero.yaml"], "/dev/zero");
        foreach (var name in new[] { "fifo.yaml", "zero.yaml" })
        {
            var read = Task.Run(() => ConfigWithKeys.Load(dir[name]));
            Assert.True(read.Wait(TimeSpan.FromSeconds(10)), $"reading {name} blocked");
            using var r = read.Result;
            var p = Assert.Single(r.Problems);
            Assert.StartsWith("cannot read the configuration: ", p.Message);
            Assert.Contains("not a regular file", p.Message);
            Assert.False(ConfigLoader.LoadFile(dir[name]).IsSuccess);
        }
    }

    [Fact]
    public void Yaml_and_key_file_problems_are_reported_together_in_one_pass()
    {
        using var dir = new TempDir();
        using var front = IdentitySecretKey.Generate();
        TorKeyFiles.WriteHiddenServiceDir(dir["front"], front);
        File.WriteAllText(dir["bad.key"], "not a key at all\n");
        var yaml = $"""
            services:
              - key: f1
                colour: blue
                instances:
                  - address: notanaddress
                  - address: {A}
                    client_key: missing.auth_private
              - key: bad.key
                instances:
                  - address: {B}
              - key: front
                instances:
                  - address: {front.Address.ServiceId}
              - key: front/hs_ed25519_secret_key
                instances:
                  - address: {B}
            metrics:
              listen: nowhere
            """;
        File.WriteAllText(dir["config.yaml"], yaml);

        using var r = ConfigWithKeys.Load(dir["config.yaml"]);

        Assert.False(r.Ok);
        Assert.Null(r.Config);
        var got = r.Problems.Select(p => (p.Line, p.Message)).ToList();
        void Has(int line, params string[] words) =>
            Assert.True(got.Any(p => p.Line == line && words.All(w => p.Message.Contains(w))),
                $"no problem on line {line} with {string.Join(", ", words)}; got:\n{string.Join("\n", r.Problems)}");
        Has(2, "service key", "f1", "no such file");                  // key file missing
        Has(3, "colour");                                             // unknown key
        Has(5, "notanaddress");                                       // bad address
        Has(6, "client_key", "missing.auth_private");                 // unreadable client key
        Has(8, "service key", "bad.key");                             // malformed key file
        Has(13, "frontend itself");                                   // frontend as its own backend
        Has(14, "same frontend key", front.Address.ServiceId);         // two files, one identity
        Has(18, "metrics.listen");
        Assert.Equal(got.OrderBy(p => p.Line).Select(p => p.Line), got.Select(p => p.Line));
        Assert.All(r.Problems, p => Assert.Equal(dir["config.yaml"], p.Source));
    }

    [Fact]
    public void A_valid_file_loads_with_its_keys()
    {
        using var dir = new TempDir();
        using var front = IdentitySecretKey.Generate();
        TorKeyFiles.WriteHiddenServiceDir(dir["front"], front);
        File.WriteAllText(dir["config.yaml"], $"services:\n  - key: front\n    instances:\n      - address: {A}\n");

        using var r = ConfigWithKeys.Load(dir["config.yaml"]);

        Assert.True(r.Ok, string.Join("\n", r.Problems));
        var (cfg, keys) = Assert.Single(r.Services);
        Assert.Equal(front.Address, keys.Signer.Address);
        Assert.Equal([A], cfg.Instances.Select(i => i.Address));
    }

    [Fact]
    public void Unparseable_yaml_stops_before_key_files()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config.yaml"], "services: [\n  - key: nothere\n");
        using var r = ConfigWithKeys.Load(dir["config.yaml"]);
        var p = Assert.Single(r.Problems);
        Assert.Contains("not valid YAML", p.Message);
        Assert.Empty(r.Services);
    }
}
