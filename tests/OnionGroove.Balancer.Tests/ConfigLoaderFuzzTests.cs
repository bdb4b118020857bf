using System.Text;
using OnionGroove.Balancer.Config;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.TestSupport.Fuzz;
using Xunit.Abstractions;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Balancer.Tests;

/// <summary>A typo in config.yaml must never kill the balancer (issue #10): every input, however
/// mangled, loads or is refused with problems that have a message, and YAML errors a line.</summary>
public class ConfigLoaderFuzzTests(ITestOutputHelper output)
{
    private static readonly string A = NewAddress(), B = NewAddress();

    private static string NewAddress()
    {
        using var k = IdentitySecretKey.Generate();
        return k.Address.ServiceId;
    }

    private static readonly string[] Valid =
    [
        $"""
        # Onion Load Balancer Config File
        REFRESH_INTERVAL: 600
        services:
            - key: front # comment
              instances:
                - address: {A}.onion
                  name: web1
                - address: {B}
                  name: web2
        """,
        $"""
        tor:
          control: 127.0.0.1:9051
          password: "s3cret"
          cookie_file: cookie
          torrc: ["Log notice stdout", 'SafeLogging 1']
        metrics:
          listen: 127.0.0.1:9999
        services:
          - key: front/hs_ed25519_secret_key
            authorized_clients: [alice.auth]
            distinct_descriptors: true
            intro_points_per_instance: 2
            max_intro_points: 10
            health_check: {"{"}port: 80, interval: 15, timeout: 5, failures: 3{"}"}
            instances:
              - {"{"}address: {A}, client_key: c.auth_private{"}"}
              - address: {B}
        """,
        $"services:\n  - key: front\n    health_check: {{port: 80}}\n    instances:\n      - address: {A}.onion\n",
    ];

    [Fact]
    public void The_unclosed_brace_of_the_issue_is_a_problem_on_its_line()
    {
        // The reproduction of issue #10: YamlDotNet threw InvalidOperationException (exit 134).
        var yaml = $"services:\n  - key: front.key\n    health_check: {{port: 80\n    instances:\n      - address: {A}.onion\n";
        var r = ConfigLoader.Parse(yaml, "typo.yaml");
        var p = Assert.Single(r.Error!);
        Assert.Equal(3, p.Line);
        Assert.Contains("'{' here is never closed", p.Message);
    }

    [Fact]
    public void A_repeated_key_is_a_problem_naming_both_lines()
    {
        var yaml = $"services:\n  - key: front\n    instances:\n      - address: {A}\n    key: other\n";
        var p = Assert.Single(ConfigLoader.Parse(yaml, "c.yaml").Error!);
        Assert.Equal(5, p.Line);
        Assert.Contains("duplicate key 'key' (first at line 2)", p.Message);
    }

    [Theory]
    [InlineData("[", 100_000)]
    [InlineData("{a: ", 100_000)]
    [InlineData("- ", 20_000)]
    public void Deep_nesting_is_a_problem_not_a_stack_overflow(string open, int depth)
    {
        var r = ConfigLoader.Parse(string.Concat(Enumerable.Repeat(open, depth)), "c.yaml");
        Assert.Contains(r.Error!, p => p.Line > 0 && p.Message.Contains("nested deeper than"));
    }

    [Fact]
    public void Mutated_configs_never_throw()
    {
        var report = Fuzzer.Run("balancer config", Fuzzer.Seed(10_02), 4000, Valid.Select(Encoding.UTF8.GetBytes).ToList(), bytes =>
        {
            var r = ConfigLoader.Parse(Mutator.AsText(bytes), "/etc/onionbalance/config.yaml");
            if (r.IsSuccess) return null;
            Assert.NotEmpty(r.Error);
            Assert.All(r.Error, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
            Assert.All(r.Error.Where(p => p.Message.StartsWith("not valid YAML")), p => Assert.True(p.Line > 0, p.ToString()));
            return string.Join("\n", r.Error);
        });
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }

    [Fact]
    public void Mutated_configs_with_their_key_files_never_throw()
    {
        // The whole of `balancer check`: the file and the key files it names, from disk.
        using var dir = new TempDir();
        using var front = IdentitySecretKey.Generate();
        TorKeyFiles.WriteHiddenServiceDir(dir["front"], front);
        File.Copy(dir["front/hs_ed25519_secret_key"], dir["front.key"]);
        var report = Fuzzer.Run("balancer config with key files", Fuzzer.Seed(10_03), 1000, Valid.Select(Encoding.UTF8.GetBytes).ToList(), bytes =>
        {
            File.WriteAllBytes(dir["config.yaml"], bytes);
            using var r = ConfigWithKeys.Load(dir["config.yaml"]);
            if (r.Ok) return null;
            Assert.All(r.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
            return string.Join("\n", r.Problems);
        });
        output.WriteLine(report.ToString());
    }
}
