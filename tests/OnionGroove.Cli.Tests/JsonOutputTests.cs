using OnionGroove.Balancer;
using System.CommandLine;
using System.Net;
using System.Text.Json;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Cli.Tests;

/// <summary>Every `--json` output has one form: a single line `{"version":1,"data":…}` ending in a newline.</summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly TempDir _tmp = new("og-json");

    public void Dispose() => _tmp.Dispose();

    // Commands whose --json needs a running tor or hosts, run elsewhere: `descriptor fetch` prints
    // through the same DescriptorReport as `descriptor decode` (run here); `probe --json` runs in
    // Probe.Tests' ProbeNetworkTests and `doctor --json` in its DoctorTests.
    private static readonly string[] NeedsTor = ["descriptor fetch", "probe", "doctor"];

    [Fact]
    public async Task Every_json_command_prints_one_versioned_line()
    {
        var key = TestKey.Age(_tmp.Path, "admin");
        var vault = _tmp["vault"];
        var inv = _tmp["inventories"];
        VaultCliKit.Ok("init", vault, "--name", "admin", "--recipient", key.Recipient);
        VaultCliKit.Ok("site", "add", "news", "--backends", "1", "-C", vault);
        VaultCliKit.Ok("mesh-client", "add", "admins", "-C", vault);
        VaultCliKit.Ok("host", "add", "fe1", "--frontend", "--address", "192.0.2.1", "-C", vault, "--inventories", inv);
        VaultCliKit.Ok("host", "add", "be1", "--backend", "news", "--address", "192.0.2.2", "-C", vault, "--inventories", inv);

        using var front = IdentitySecretKey.Generate();
        using var back = IdentitySecretKey.Generate();
        TorKeyFiles.WriteHiddenServiceDir(_tmp["front"], front);
        File.WriteAllText(_tmp["config.yaml"], $"services:\n- key: front/hs_ed25519_secret_key\n  instances:\n  - address: {back.Address}\n    name: web1\n");

        var status = new BalancerStatus(true, [new ServiceStatus(ServiceId.Of(front.PublicKey), 6, 1, DateTimeOffset.UtcNow,
            [new BackendStatus(ServiceId.Of(back.PublicKey), "web1", 12, 3, true, true)], [new HsDirStatus("ABCD", 4, 1, DateTimeOffset.UtcNow)],
            DateTimeOffset.UtcNow.AddDays(3))]); // a service running from a signing bundle: its keys are checked too
        await using var metrics = MetricsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => PrometheusText.Render(status));

        File.WriteAllText(_tmp["k.auth_private"], "paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad:descriptor:x25519:SDZNMD4RP4SCH4EYTTUZPFRZINNFWAOPPKZ6BINZAC7LREV24RBQ\n");

        // Two mesh nodes (tor only verifies its configuration): A exports, B has A as a remote.
        string[][] meshSetup =
        [
            ["mesh", "init", _tmp["ma"]], ["mesh", "init", _tmp["mb"]], ["mesh", "--dir", _tmp["ma"], "export", "add", "22"],
            ["mesh", "--dir", _tmp["ma"], "import", "list"],
        ];
        foreach (var a in meshSetup) Assert.Equal(0, CliRunner.Run(a).ExitCode);
        var meshToken = CliRunner.Run("mesh", "--dir", _tmp["ma"], "client", "add", "b").Stdout.Trim();
        Assert.Equal(0, CliRunner.Run("mesh", "--dir", _tmp["mb"], "remote", "add", "a", meshToken).ExitCode);

        var runs = new Dictionary<string, string[]>
        {
            ["mesh init"] = ["mesh", "init", _tmp["mc"], "--json"],
            ["mesh client add"] = ["mesh", "--dir", _tmp["ma"], "client", "add", "c", "--json"],
            ["mesh client list"] = ["mesh", "--dir", _tmp["ma"], "client", "list", "--json"],
            ["mesh export list"] = ["mesh", "--dir", _tmp["ma"], "export", "list", "--json"],
            ["mesh import list"] = ["mesh", "--dir", _tmp["mb"], "import", "list", "--json"],
            ["mesh remote list"] = ["mesh", "--dir", _tmp["mb"], "remote", "list", "--json"],
            ["mesh remote show"] = ["mesh", "--dir", _tmp["mb"], "remote", "show", "a", "--json"],
            ["mesh status"] = ["mesh", "--dir", _tmp["mb"], "status", "--json"],
            ["keygen"] = ["keygen", "--json"],
            ["keygen --bench"] = ["keygen", "--bench", "--seconds", "0.2", "--threads", "1", "--json"],
            ["team list"] = ["team", "list", "--json", "-C", vault],
            ["mesh-client list"] = ["mesh-client", "list", "--json", "-C", vault],
            ["site list"] = ["site", "list", "--json", "-C", vault],
            ["site show"] = ["site", "show", "news", "--json", "-C", vault],
            ["site certify"] = ["site", "certify", "news", "--days", "2", "--out", _tmp["news.bundle"], "--json", "-C", vault, "-i", key.File],
            ["bundle inspect"] = ["bundle", "inspect", _tmp["news.bundle"], "--json"],
            ["audit"] = ["audit", "--json", "-C", vault, "-i", key.File],
            ["host list"] = ["host", "list", "--json", "-C", vault, "--inventories", inv],
            ["render"] = ["render", "--json", "-C", vault, "--inventories", inv],
            ["render --files"] = ["render", "--files", _tmp["tree"], "--json", "-C", vault, "-i", key.File],
            ["balancer check"] = ["balancer", "check", "--config", _tmp["config.yaml"], "--json"],
            ["balancer status"] = ["balancer", "status", "--metrics", $"127.0.0.1:{metrics.LocalEndPoint.Port}", "--json"],
            ["descriptor decode"] = ["descriptor", "decode", "-a", "paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad.onion",
                "--client-key", _tmp["k.auth_private"], "--json", SharedFiles.TorVector("descriptors", "arti/hsdesc2.txt")],
        };

        // Every command of the tree that has --json is run above (or named in NeedsTor).
        var withJson = JsonCommands(CliApp.BuildRoot(), "").ToHashSet();
        var covered = runs.Keys.Select(k => k.Replace(" --bench", "").Replace(" --files", "")).Concat(NeedsTor).ToHashSet();
        Assert.Equal(withJson.Order(), covered.Order());

        foreach (var (what, args) in runs)
        {
            var r = await Task.Run(() => CliRunner.Run(args));
            Assert.True(r.ExitCode == 0, $"{what}: exit {r.ExitCode}: {r.Stderr}");
            Assert.True(r.Stdout.EndsWith('\n') && r.Stdout.IndexOf('\n') == r.Stdout.Length - 1,
                $"{what}: --json must print exactly one line ending in a newline, got:\n{r.Stdout}");
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
            Assert.True(doc.RootElement.TryGetProperty("data", out _), what);
            AssertSnakeCaseKeys(doc.RootElement, what);
        }
    }

    private static void AssertSnakeCaseKeys(JsonElement e, string what)
    {
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject())
            {
                Assert.True(p.Name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'), $"{what}: key '{p.Name}' is not snake_case");
                AssertSnakeCaseKeys(p.Value, what);
            }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var x in e.EnumerateArray()) AssertSnakeCaseKeys(x, what);
    }

    private static IEnumerable<string> JsonCommands(Command c, string path)
    {
        if (c.Options.Any(o => o.Name == "--json")) yield return path;
        foreach (var s in c.Subcommands)
            foreach (var p in JsonCommands(s, path.Length == 0 ? s.Name : $"{path} {s.Name}"))
                yield return p;
    }
}
