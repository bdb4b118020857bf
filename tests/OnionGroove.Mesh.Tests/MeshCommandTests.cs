using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OnionGroove.Cli;
using OnionGroove.Crypto.Keys;
using OnionGroove.Mesh.Node;
using OnionGroove.TestSupport;

namespace OnionGroove.Mesh.Tests;

/// <summary>The mesh commands through the CLI, against a real tor binary for `init`'s checks (no
/// network: tor only verifies its configuration).</summary>
public sealed class MeshCommandTests : IDisposable
{
    private readonly TempDir _dir = new("ogmc");

    public void Dispose() => _dir.Dispose();

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var rc = await CliApp.RunAsync(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    private async Task<string> Init(string name = "n")
    {
        var dir = _dir[name];
        var r = await Run("mesh", "init", dir);
        Assert.True(r.Code == 0, r.Err);
        return dir;
    }

    private static string Snapshot(string dir) => string.Join("\n", Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order()
        .Select(f => f + "=" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))));

    [Fact]
    public async Task Init_prints_the_address_and_writes_private_files()
    {
        var dir = _dir["n"];
        var r = await Run("mesh", "init", dir);
        Assert.Equal(0, r.Code);
        var node = MeshNode.Open(dir).Value;
        Assert.Equal(node.Config.Address + "\n", r.Out);
        using var key = node.ReadKey().Value;
        Assert.Equal(node.Config.Address, key.Address);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(node.ConfigPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(node.KeyDirectory, "hs_ed25519_secret_key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
    }

    [Theory]
    [InlineData(ExitCodes.External, "does not exist", "--tor-executable", "/nonexistent/tor")]
    [InlineData(ExitCodes.External, "not on PATH", "--tor-executable", "no-such-tor-binary")]
    [InlineData(ExitCodes.External, "Unknown option 'NoSuchOption'", "--torrc", "NoSuchOption 1")]
    [InlineData(ExitCodes.External, "cannot reach tor's control port", "--control", "127.0.0.1:1")]
    [InlineData(ExitCodes.Failure, "not a control endpoint", "--control", "somewhere")]
    [InlineData(ExitCodes.Failure, "not both", "--control", "127.0.0.1:1", "--tor-executable", "tor")]
    [InlineData(ExitCodes.Usage, "exclude each other", "--tor-only", "--single-hop")]
    [InlineData(ExitCodes.Failure, "tor-only nodes talk to a local tor only", "--control", "192.0.2.1:9051")]
    public async Task Init_fails_now_with_the_reason_and_creates_nothing(int code, string expected, params string[] options)
    {
        var dir = _dir["n"];
        var r = await Run(["mesh", "init", dir, .. options]);
        Assert.Equal(code, r.Code);
        Assert.Contains(expected, r.Err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Init_refuses_a_directory_that_holds_a_node()
    {
        var dir = await Init();
        var before = Snapshot(dir);
        var r = await Run("mesh", "init", dir);
        Assert.Equal(ExitCodes.Failure, r.Code);
        Assert.Contains("holds a mesh node already", r.Err);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public async Task Exports_clients_remotes_and_imports_refuse_duplicates_and_unknown_names_and_change_nothing()
    {
        var a = await Init("a");
        var b = await Init("b");
        Assert.Equal(0, (await Run("mesh", "--dir", a, "export", "add", "22")).Code);
        var token = (await Run("mesh", "--dir", a, "client", "add", "laptop")).Out.Trim();
        Assert.StartsWith("oniongroove-mesh1:", token);
        Assert.Equal(0, (await Run("mesh", "--dir", b, "remote", "add", "a", token)).Code);
        var beforeA = Snapshot(a);
        var beforeB = Snapshot(b);

        (string[] Args, string Expected)[] refused =
        [
            (["mesh", "--dir", a, "export", "add", "22"], "already exported"),
            (["mesh", "--dir", a, "export", "remove", "23"], "not exported"),
            (["mesh", "--dir", a, "export", "add", "80", "--public"], "public and client-authorised exports"),
            (["mesh", "--dir", a, "client", "add", "laptop"], "exists already"),
            (["mesh", "--dir", a, "client", "remove", "phone"], "no client 'phone'"),
            (["mesh", "--dir", a, "client", "add", "../x"], "must start with"),
            (["mesh", "--dir", a, "remote", "add", "self", (await Run("mesh", "--dir", a, "client", "add", "self")).Out.Trim()], "for this node itself"),
            (["mesh", "--dir", b, "remote", "add", "a", token], "exists already"),
            (["mesh", "--dir", b, "remote", "add", "a2", token], "is that node already"),
            (["mesh", "--dir", b, "remote", "add", "c", token[..^2]], "check does not match"),
            (["mesh", "--dir", b, "remote", "add", "c", "hello"], "not a mesh token"),
            (["mesh", "--dir", b, "remote", "remove", "zz"], "no remote 'zz'"),
            (["mesh", "--dir", b, "remote", "show", "zz"], "no remote 'zz'"),
            (["mesh", "--dir", b, "import", "add", "zz", "22", "127.0.0.1:2222"], "no remote 'zz'"),
            (["mesh", "--dir", b, "import", "remove", "a", "22"], "not imported"),
            (["mesh", "--dir", b, "import", "add", "a", "22", "localhost:2222"], "not an IP address"),
        ];
        beforeA = Snapshot(a); // the "self" client above changed A once
        foreach (var (args, expected) in refused)
        {
            var r = await Run(args);
            Assert.True(r.Code != 0, string.Join(' ', args));
            Assert.Contains(expected, r.Err);
            Assert.DoesNotContain("Exception", r.Err);
        }
        Assert.Equal(beforeA, Snapshot(a));
        Assert.Equal(beforeB, Snapshot(b));
    }

    [Fact]
    public async Task An_import_on_a_port_in_use_is_refused()
    {
        var a = await Init("a");
        var b = await Init("b");
        Assert.Equal(0, (await Run("mesh", "--dir", a, "export", "add", "22")).Code);
        var token = (await Run("mesh", "--dir", a, "client", "add", "b")).Out.Trim();
        Assert.Equal(0, (await Run("mesh", "--dir", b, "remote", "add", "a", token)).Code);
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var before = Snapshot(b);
        var r = await Run("mesh", "--dir", b, "import", "add", "a", "22", $"127.0.0.1:{port}");
        Assert.Equal(ExitCodes.Failure, r.Code);
        Assert.Contains("in use", r.Err);
        Assert.Equal(before, Snapshot(b));
    }

    [Fact]
    public async Task A_remote_keeps_its_key_in_a_private_auth_private_file_and_remove_deletes_it()
    {
        var a = await Init("a");
        var b = await Init("b");
        Assert.Equal(0, (await Run("mesh", "--dir", a, "export", "add", "22")).Code);
        var token = (await Run("mesh", "--dir", a, "client", "add", "b")).Out.Trim();
        Assert.Equal(0, (await Run("mesh", "--dir", b, "remote", "add", "a", token)).Code);
        var node = MeshNode.Open(b).Value;
        var file = node.RemoteKeyPath("a");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        using (var parsed = MeshToken.Parse(token).Value)
        using (var key = node.ReadRemoteKey(node.Config.Remotes[0]).Value)
        {
            Assert.Equal(parsed.Key.PublicKey, key.PublicKey);
            // A keeps only the public half.
            var clientKey = MeshNode.Open(a).Value.Config.Clients.Single().Key;
            Assert.Equal(parsed.Key.PublicKey, clientKey);
            Assert.DoesNotContain(parsed.Key.ExportBase32(), File.ReadAllText(Path.Combine(a, "mesh.yml")));
        }
        Assert.Equal(0, (await Run("mesh", "--dir", b, "remote", "remove", "a")).Code);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Status_and_lists_print_json()
    {
        var a = await Init("a");
        Assert.Equal(0, (await Run("mesh", "--dir", a, "export", "add", "22", "--target", "[::1]:2022")).Code);
        var r = await Run("mesh", "--dir", a, "status", "--json");
        Assert.Equal(0, r.Code);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal("tor-only", data.GetProperty("anonymity").GetString());
        Assert.Equal("[::1]:2022", data.GetProperty("exports")[0].GetProperty("target").GetString());
        var text = await Run("mesh", "--dir", a, "status");
        Assert.Contains("tor-only: every connection goes through tor", text.Out);
    }

    [Fact]
    public async Task Ssh_config_uses_mesh_connect_as_proxy_command()
    {
        var a = await Init("a");
        var b = await Init("b");
        Assert.Equal(0, (await Run("mesh", "--dir", a, "export", "add", "22")).Code);
        var token = (await Run("mesh", "--dir", a, "client", "add", "b")).Out.Trim();
        Assert.Equal(0, (await Run("mesh", "--dir", b, "remote", "add", "web-1", token)).Code);
        var r = await Run("mesh", "--dir", b, "remote", "ssh-config", "web-1", "--user", "admin");
        Assert.Equal(0, r.Code);
        var address = MeshNode.Open(a).Value.Config.Address;
        Assert.Contains("Host web-1.mesh\n", r.Out);
        Assert.Contains($"    HostName {address}\n", r.Out);
        Assert.Contains($"mesh connect --dir {b} web-1 %p\n", r.Out);
        // ssh itself accepts the stanza (-G prints the resolved configuration without connecting).
        var cfg = _dir["ssh_config"];
        File.WriteAllText(cfg, r.Out);
        var psi = new ProcessStartInfo("ssh", ["-G", "-F", cfg, "web-1.mesh"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var ssh = Process.Start(psi)!;
        var resolved = ssh.StandardOutput.ReadToEnd();
        ssh.WaitForExit();
        Assert.Equal(0, ssh.ExitCode);
        Assert.Contains($"hostname {address}", resolved);
        Assert.Contains("proxycommand ", resolved);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_systemd_unit_passes_systemd_analyze_verify(bool user)
    {
        var r = await Run(user ? ["mesh", "--dir", _dir["n"], "agent", "systemd-unit", "--user"] : ["mesh", "--dir", _dir["n"], "agent", "systemd-unit"]);
        Assert.Equal(0, r.Code);
        Assert.Contains($"mesh agent run --dir {_dir["n"]}", r.Out);
        var unit = _dir["oniongroove-mesh.service"];
        // verify checks ExecStart's binary exists: point it at one that does.
        File.WriteAllText(unit, System.Text.RegularExpressions.Regex.Replace(r.Out, "ExecStart=\\S+( \\S+\\.dll)?", "ExecStart=/bin/true"));
        // Verified by the system manager either way: a test runner has no user manager to ask.
        var psi = new ProcessStartInfo("systemd-analyze", ["verify", unit])
            { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        Assert.DoesNotContain("oniongroove-mesh.service:", err);
    }

    [Fact]
    public async Task Client_add_with_qr_draws_the_token()
    {
        var a = await Init("a");
        var r = await Run("mesh", "--dir", a, "client", "add", "phone", "--qr");
        Assert.Equal(0, r.Code);
        Assert.StartsWith("oniongroove-mesh1:", r.Out);
        Assert.Contains("\u2588\u2588", r.Err);
    }

    [Fact]
    public async Task A_single_hop_node_says_so_and_refuses_remotes()
    {
        var a = await Init("a");
        var s = _dir["s"];
        var r = await Run("mesh", "init", s, "--single-hop");
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("single-hop: NOT anonymous", (await Run("mesh", "--dir", s, "status")).Out);
        Assert.Contains("\"anonymity\":\"single-hop\"", (await Run("mesh", "--dir", s, "status", "--json")).Out);
        Assert.Equal(0, (await Run("mesh", "--dir", a, "export", "add", "22")).Code);
        var token = (await Run("mesh", "--dir", a, "client", "add", "s")).Out.Trim();
        var refused = await Run("mesh", "--dir", s, "remote", "add", "a", token);
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("single-hop node cannot have remotes", refused.Err);
    }

    [Fact]
    public async Task Commands_on_a_missing_node_say_how_to_make_one()
    {
        var r = await Run("mesh", "--dir", _dir["nothing"], "status");
        Assert.Equal(ExitCodes.BadInput, r.Code);
        Assert.Contains("mesh init", r.Err);
    }
}
