using System.Diagnostics;
using OnionGroove.Cli;
using OnionGroove.Mesh.Agent;
using OnionGroove.Mesh.Node;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Mesh.Tests;

/// <summary>An SSH export reached by the real ssh client (issue 14 item 4): node A exports a real
/// sshd (started here on a free loopback port with its own configuration and host key) on its
/// onion; node B holds A's token and ssh connects with the stanza of `mesh remote ssh-config`,
/// whose ProxyCommand is `oniongroove mesh connect` through B's tor.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class MeshSshTests(MeshNetworkFixture fixture, ITestOutputHelper output) : IClassFixture<MeshNetworkFixture>
{
    private const string Sshd = "/usr/sbin/sshd";

    [Fact]
    public async Task Ssh_reaches_a_real_sshd_through_the_mesh_with_mesh_connect_as_proxy_command()
    {
        Assert.True(File.Exists(Sshd), $"{Sshd} is missing: run scripts/setup.sh (openssh-server)");
        var clock = Stopwatch.StartNew();
        using var dir = new TempDir("ogs");
        var net = fixture.Network;

        // A real sshd on loopback: own host key, only our client key, no PAM, no passwords.
        var port = LoopbackPorts.Next();
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir["host_key"]);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir["client_key"]);
        File.Copy(dir["client_key.pub"], dir["authorized_keys"]);
        File.WriteAllText(dir["sshd_config"], $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {dir["host_key"]}
            AuthorizedKeysFile {dir["authorized_keys"]}
            PidFile none
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            """);
        Directory.CreateDirectory("/run/sshd");   // sshd's privilege separation directory
        using var sshd = Process.Start(new ProcessStartInfo(Sshd, ["-D", "-e", "-f", dir["sshd_config"]])
            { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var sshdLog = sshd.StandardError.ReadToEndAsync();
        try
        {
            await Eventually.TrueAsync(() => Listening(port), $"sshd to listen on 127.0.0.1:{port}", TimeSpan.FromSeconds(30));

            var torA = await net.StartTorAsync([], name: "sshA", socks: false);
            var a = dir["a"];
            Assert.Equal(0, await Cli("mesh", "init", a, "--control", torA.ControlEndpoint.ToString(), "--cookie-file", torA.CookiePath));
            Assert.Equal(0, await Cli("mesh", "--dir", a, "export", "add", "22", "--target", $"127.0.0.1:{port}"));
            var (rc, token) = await CliOut("mesh", "--dir", a, "client", "add", "b");
            Assert.Equal(0, rc);
            var addressA = MeshNode.Open(a).Value.Config.Address;
            await using var agentA = MeshAgent.Start(a, _ => { }).Value;

            var b = dir["b"];
            var initArgs = new List<string> { "mesh", "init", b };
            foreach (var line in net.TorrcNetworkLines) { initArgs.Add("--torrc"); initArgs.Add(line); }
            Assert.Equal(0, await Cli([.. initArgs]));
            Assert.Equal(0, await Cli("mesh", "--dir", b, "remote", "add", "a", token.Trim()));
            await using var agentB = MeshAgent.Start(b, _ => { }).Value;

            // ssh_config: the stanza as `remote ssh-config` prints it, plus this test's key and known_hosts.
            var (stanzaRc, stanza) = await CliOut("mesh", "--dir", b, "remote", "ssh-config", "a", "--user", Environment.UserName);
            Assert.Equal(0, stanzaRc);
            File.WriteAllText(dir["known_hosts"], $"{addressA} {File.ReadAllText(dir["host_key.pub"]).Trim()}\n");
            File.WriteAllText(dir["ssh_config"], stanza + $"""
                    IdentityFile {dir["client_key"]}
                    IdentitiesOnly yes
                    UserKnownHostsFile {dir["known_hosts"]}
                    StrictHostKeyChecking yes
                    BatchMode yes
                    ConnectTimeout 60

                """);
            output.WriteLine(File.ReadAllText(dir["ssh_config"]));

            // The service's descriptor needs a moment to reach the network's HSDirs.
            var result = await Eventually.ValueAsync(() => ExternalProgram.Run("ssh", ["-F", dir["ssh_config"], "a.mesh", "echo", "hello-over-the-mesh"],
                    timeout: TimeSpan.FromSeconds(90)),
                r => r.ExitCode == 0, "ssh a.mesh through mesh connect", TimeSpan.FromSeconds(180), TimeSpan.FromSeconds(3), r => r.Stderr.Trim());
            Assert.Equal("hello-over-the-mesh", result.Stdout.Trim());
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s: ssh over the mesh works");

            // The host key ssh checked is the sshd's own, recorded under the onion name: a wrong one is refused.
            File.WriteAllText(dir["known_hosts"], $"{addressA} {File.ReadAllText(dir["client_key.pub"]).Trim()}\n");
            var wrong = ExternalProgram.Run("ssh", ["-F", dir["ssh_config"], "a.mesh", "true"], timeout: TimeSpan.FromSeconds(90));
            Assert.NotEqual(0, wrong.ExitCode);
            Assert.Contains("HOST IDENTIFICATION HAS CHANGED", wrong.Stderr, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            if (!sshd.HasExited) sshd.Kill();
            await sshd.WaitForExitAsync();
            output.WriteLine("sshd: " + await sshdLog);
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var c = new System.Net.Sockets.TcpClient();
            c.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException) { return false; }
    }

    private static void Run(string program, params string[] args)
    {
        var r = ExternalProgram.Run(program, args);
        Assert.True(r.ExitCode == 0, $"{program}: {r.Stderr}");
    }

    private async Task<int> Cli(params string[] args) => (await CliOut(args)).Item1;

    private async Task<(int, string)> CliOut(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var rc = await CliApp.RunAsync(args, o, e);
        output.WriteLine($"$ oniongroove {string.Join(' ', args.Select(x => x.StartsWith("oniongroove-mesh1", StringComparison.Ordinal) ? "TOKEN" : x))} -> {rc}\n{e}");
        return (rc, o.ToString());
    }
}
