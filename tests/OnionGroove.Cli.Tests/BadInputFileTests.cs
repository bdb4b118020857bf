using System.Text;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.TestSupport.Fuzz;
using Xunit.Abstractions;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;
using static OnionGroove.Cli.Tests.VaultCliKit;

namespace OnionGroove.Cli.Tests;

/// <summary>Mistyped and hostile files given to the CLI end as one `oniongroove:` line and exit 3,
/// never as an unhandled exception (exit 134) — issue #10 items 2 and 8.</summary>
public class BadInputFileTests(ITestOutputHelper output)
{
    private static readonly string Backend = NewAddress();

    private static string NewAddress()
    {
        using var k = IdentitySecretKey.Generate();
        return k.Address.ServiceId;
    }

    // The reproduction of issue #10: an unclosed '{' made YamlDotNet throw InvalidOperationException.
    private static readonly string Typo =
        $"services:\n  - key: front.key\n    health_check: {{port: 80\n    instances:\n      - address: {Backend}.onion\n";

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    public void A_config_with_an_unclosed_brace_is_refused_with_its_line(string command)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config.yaml"], Typo);
        var r = CliRunner.Run("balancer", command, "--config", dir["config.yaml"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.StartsWith("oniongroove: ", r.Stderr);
        Assert.Contains("config.yaml:3: not valid YAML: the '{' here is never closed", r.Stderr);
    }

    [Fact]
    public void Audit_refuses_a_manifest_with_a_second_recipient_line()
    {
        using var tmp = new TempDir("ogc");
        var alice = TestKey.Age(tmp.Path, "alice");
        var eve = TestKey.Age(tmp.Path, "eve");
        var v = tmp["vault"];
        Ok("init", v, "--name", "alice", "--recipient", alice.Recipient);
        var manifest = Path.Combine(v, "oniongroove.yaml");
        var text = File.ReadAllText(manifest);
        var line = $"  recipient: {alice.Recipient}\n";
        Assert.Contains(line, text);
        // Before: the last key won, so this line silently made eve the reader of every new secret.
        File.WriteAllText(manifest, text.Replace(line, line + $"  recipient: {eve.Recipient}\n"));

        var r = CliRunner.Run("audit", "--vault", v, "-i", alice.File);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("duplicate key 'recipient'", r.Stdout + r.Stderr);
        Assert.Equal(ExitCodes.BadInput, CliRunner.Run("team", "list", "--vault", v).ExitCode);
    }

    [Theory]
    [InlineData("decrypt")]
    [InlineData("keygen")]
    public void An_ssh_key_whose_public_key_is_not_a_curve_point_exits_3(string command)
    {
        using var dir = new TempDir("og-agecli");
        var key = TestKey.Ssh(dir.Path, "bob");
        File.WriteAllText(key.File, SshKeyCraft.ReplacePublicKey(File.ReadAllText(key.File), SshKeyCraft.NotACurvePoint));
        var age = TestKey.Age(dir.Path, "alice");
        File.WriteAllText(dir["msg"], "hello");
        Assert.Equal(0, CliRunner.Run("age", "encrypt", "-r", age.Recipient, "-o", dir["msg.age"], dir["msg"]).ExitCode);

        var r = command == "decrypt"
            ? CliRunner.Run("age", "decrypt", "-i", key.File, "-o", dir["out"], dir["msg.age"])
            : CliRunner.Run("age", "keygen", "-y", key.File);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.StartsWith("oniongroove: ", r.Stderr);
        Assert.Contains("invalid ed25519 public key", r.Stderr);
        Assert.False(File.Exists(dir["out"]));
    }

    [Fact]
    public void Balancer_check_on_mutated_configs_exits_0_or_3_with_one_line()
    {
        using var dir = new TempDir();
        using var front = IdentitySecretKey.Generate();
        TorKeyFiles.WriteHiddenServiceDir(dir["front"], front);
        string[] valid =
        [
            $"services:\n  - key: front\n    health_check: {{port: 80, interval: 15}}\n    instances:\n      - address: {Backend}.onion\n        name: web1\n",
            $"tor:\n  control: 127.0.0.1:9051\nmetrics: {{listen: 127.0.0.1:9999}}\nservices:\n- key: front/hs_ed25519_secret_key\n  max_intro_points: 10\n  instances:\n  - address: {Backend}\n",
        ];
        var report = Fuzzer.Run("balancer check --config", Fuzzer.Seed(10_13), 400, valid.Select(Encoding.UTF8.GetBytes).ToList(), bytes =>
        {
            File.WriteAllBytes(dir["config.yaml"], bytes);
            var r = CliRunner.Run("balancer", "check", "--config", dir["config.yaml"]);
            if (r.ExitCode == 0) return null;
            Assert.Equal(ExitCodes.BadInput, r.ExitCode);
            Assert.StartsWith("oniongroove: ", r.Stderr);
            Assert.All(r.Stderr.TrimEnd('\n').Split('\n'), l => Assert.StartsWith("oniongroove: ", l));
            return r.Stderr;
        });
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }
}
