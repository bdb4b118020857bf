using System.Diagnostics;
using OnionGroove.Deploy.Inventory;
using OnionGroove.Deploy.Plan;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Node;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Operations;
using Xunit.Abstractions;

namespace OnionGroove.Deploy.Tests;

/// <summary>
/// Ansible over the mesh (issue 14 item 3): one booted Debian host (link 10.231.201.0/24, so it runs
/// beside the other host fixtures), a private Tor network bound to its host end, a vault with a
/// team mesh client key, and the admin's own mesh node (its agent launches the admin's tor on
/// this machine). The first ansible-playbook ansible/mesh.yml run goes the normal way and leaves the
/// host's SSH on its mesh onion for the vault's client key; then the host's sshd is made to listen
/// on 127.0.0.1 only, so the direct path is gone, the inventory is rendered with the host marked
/// <c>mesh: true</c>, and the second run reaches the host only through `oniongroove mesh connect`
/// as ssh's ProxyCommand (and, being the role's second run, must change nothing).
/// </summary>
public sealed class MeshDeployHost : IDisposable
{
    public const string Name = "mesh1";
    private readonly FixtureLog _log;
    private readonly BootedHosts _hosts;
    private readonly Process? _agent;

    public string Root => _hosts.Root;
    public string State => _hosts.State;
    public string Address => _hosts.Addresses[Name];
    public PrivateTorNetwork? Network { get; }
    public TestVault Vault { get; }
    public string AdminNode => Path.Combine(Root, "admin-mesh");
    public string Inventory => Path.Combine(Root, "ops", "inventories", "test");
    public string AddressDir => Path.Combine(Root, "mesh-addresses");
    public string Cli => Path.Combine(AppContext.BaseDirectory, "oniongroove.dll");

    public ExternalProgram.Result FirstRun { get; }
    public string MeshAddress { get; } = "";
    public ExternalProgram.Result DirectAfterCut { get; }
    public ExternalProgram.Result MeshRun { get; }
    public Dictionary<string, string> MeshInventoryHost { get; } = new();

    public MeshDeployHost(IMessageSink sink)
    {
        _log = new FixtureLog(sink, "mesh-deploy");
        _hosts = new BootedHosts("mesh-deploy");
        Directory.CreateDirectory(AddressDir);
        try
        {
            var deb = Step("Debian package (scripts/package-deb.sh)", () => TestPackage.Ensure().Result).Stdout.Trim();
            _hosts.Boot(_log, [Name], net: "201");
            var networkAddress = _hosts.HostEnd(Name);

            PrivateTorNetwork? network = null;
            Step($"private Tor network on {networkAddress}", () =>
            {
                network = PrivateTorNetwork.StartAsync(new TorNetworkOptions
                {
                    Address = networkAddress,
                    BaseDirectory = Path.Combine(Root, "tornet"),
                    StartTimeout = TimeSpan.FromSeconds(150),
                    BootstrapTimeout = TimeSpan.FromSeconds(120),
                }).GetAwaiter().GetResult();
                return new ExternalProgram.Result(0, "", "");
            });
            Network = network!;

            // The team's vault with one mesh client key, and the admin's node on this machine.
            Vault = TestVault.Create(Path.Combine(Root, "admin"));
            MeshClientOperations.Add(Vault.Vault, "admins");
            var init = MeshInit.RunAsync(new MeshInitRequest(AdminNode, AnonymityMode.TorOnly)
            {
                TorExecutable = "tor",
                TorrcLines = [.. Network.TorrcNetworkLines],
            }, CancellationToken.None).GetAwaiter().GetResult();
            Assert.True(init.IsSuccess, $"mesh init of the admin's node: {init.Error}");
            _agent = StartAgent();

            // First run: the normal path (the host's veth address).
            RenderInventory(mesh: false);
            FirstRun = Playbook("first ansible-playbook ansible/mesh.yml (direct)", deb);
            MeshAddress = File.ReadAllText(Path.Combine(AddressDir, Name + ".onion")).Trim();

            // The admin's node gets the host as a remote, with the vault's client key.
            using (var token = new MeshToken(Crypto.OnionAddress.Parse(MeshAddress), MeshClientOperations.OpenKey(Vault.Vault, "admins", Vault.Identities)))
            {
                var node = MeshNode.Open(AdminNode).Value;
                var added = MeshEdits.AddRemote(node, Name, token.Export());
                Assert.True(added.IsSuccess, $"mesh remote add: {(added.IsSuccess ? "" : added.Error[0])}");
            }

            // Cut the direct path: sshd listens on 127.0.0.1 only (the session that says so survives the restart).
            Step("sshd on 127.0.0.1 only", () => Ssh(
                "printf 'ListenAddress 127.0.0.1\\n' >/etc/ssh/sshd_config.d/og-loopback.conf && systemctl restart ssh"));
            DirectAfterCut = Ssh("true");
            // The host key under the name the mesh inventory uses (HostKeyAlias HOST.mesh).
            var hostKey = File.ReadAllLines(Path.Combine(State, "known_hosts")).First(l => l.StartsWith(Address + " ", StringComparison.Ordinal));
            File.AppendAllText(Path.Combine(State, "known_hosts"), $"{Name}.mesh {hostKey[(Address.Length + 1)..]}\n");

            RenderInventory(mesh: true);
            foreach (var line in File.ReadAllLines(Path.Combine(Inventory, "hosts.yml")).Where(l => l.Contains(": ", StringComparison.Ordinal)))
            {
                var t = line.Trim();
                MeshInventoryHost[t[..t.IndexOf(": ", StringComparison.Ordinal)]] = t[(t.IndexOf(": ", StringComparison.Ordinal) + 2)..];
            }
            // The host's descriptor reaches the test network's HSDirs within a few voting intervals.
            Step("ssh over the mesh answers", () => Eventually.Value(() => MeshSsh("true"), r => r.ExitCode == 0,
                $"ssh to {Name} through `mesh connect`", TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(5), r => r.Stderr.Trim()));
            MeshRun = Playbook("second ansible-playbook ansible/mesh.yml (over the mesh only)", deb);
            _log.Write($"ready after {_log.Elapsed.TotalSeconds:F0} s");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private Process StartAgent()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Cli, "mesh", "--dir", AdminNode, "agent", "run" }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the admin's mesh agent");
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Write("admin agent: " + e.Data); };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    /// <summary>The inventory as `oniongroove render` writes it; with <paramref name="mesh"/> the host
    /// is marked `mesh: true` and the admin's command and node are named in environment.yml's mesh:.</summary>
    private void RenderInventory(bool mesh)
    {
        var settings = new EnvironmentSettings { TorNetwork = [.. Network!.TorrcNetworkLines] };
        // A frontend (with no site): hosts.yml lists the hosts of the frontends and backends groups.
        settings.Hosts[Name] = new HostSettings { Frontend = true, Address = Address, User = "root", Mesh = mesh };
        if (mesh) settings.Mesh = new MeshSettings { Command = $"dotnet {Cli}", Node = AdminNode };
        var built = PlanBuilder.Build("test", Vault.Vault.Manifest, settings);
        Assert.True(built.IsSuccess, string.Join("; ", built.Error ?? []));
        Directory.CreateDirectory(Inventory);
        InventoryWriter.Write(Inventory, InventoryRenderer.Render(built.Value));
    }

    private ExternalProgram.Result Playbook(string what, string deb) => Step(what, () => Ansible.Run("ansible-playbook",
        ["-i", Inventory,
         "-e", $"ansible_ssh_private_key_file={State}/id_ed25519",
         "-e", $"ansible_ssh_extra_args='-o UserKnownHostsFile={State}/known_hosts -o StrictHostKeyChecking=yes -o ControlPath={Root}/ssh-%C'",
         "-e", $"oniongroove_mesh_deb={deb}",
         "-e", "oniongroove_mesh_apt_update_cache=false",
         "-e", $"oniongroove_mesh_address_dir={AddressDir}",
         "ansible/mesh.yml"],
        TimeSpan.FromMinutes(10), Path.Combine(Root, "ansible-tmp")));

    /// <summary>ssh straight to the host's veth address (no control master).</summary>
    public ExternalProgram.Result Ssh(string command) => _hosts.Ssh(Name, command);

    /// <summary>ssh through the mesh, with the options the rendered inventory gives Ansible.</summary>
    public ExternalProgram.Result MeshSsh(string command) => ExternalProgram.Run("ssh",
        [.. _hosts.SshOptions, "-o", $"ProxyCommand=dotnet {Cli} mesh connect --dir {AdminNode} --timeout 60 {Name} %p",
         "-o", $"HostKeyAlias={Name}.mesh", $"root@{Name}.mesh", command], timeout: TimeSpan.FromMinutes(2));

    private ExternalProgram.Result Step(string what, Func<ExternalProgram.Result> run) => _log.Step(what, run);

    public void Dispose()
    {
        if (_agent is { HasExited: false })
        {
            _agent.Kill(entireProcessTree: true);
            _agent.WaitForExit(10_000);
        }
        _agent?.Dispose();
        Network?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _hosts.Dispose();
    }
}

[Trait(TestCategory.Name, TestCategory.Containers)]
public sealed class MeshDeploymentTests(MeshDeployHost host) : IClassFixture<MeshDeployHost>
{
    [Fact]
    public void The_second_run_reaches_the_host_only_through_its_mesh_onion_and_changes_nothing()
    {
        // The direct path is gone: sshd no longer listens on the host's veth address.
        Assert.NotEqual(0, host.DirectAfterCut.ExitCode);
        Assert.Contains("refused", host.DirectAfterCut.Stderr, StringComparison.OrdinalIgnoreCase);
        // The rendered inventory sends ssh through `mesh connect`, not to the address.
        Assert.Equal($"{MeshDeployHost.Name}.mesh", host.MeshInventoryHost["ansible_host"]);
        Assert.Contains($"mesh connect --dir {host.AdminNode} {MeshDeployHost.Name} %p", host.MeshInventoryHost["ansible_ssh_common_args"]);
        var recap = Ansible.Recap(host.MeshRun.Stdout)[MeshDeployHost.Name];
        Assert.Equal(0, recap["unreachable"]);
        Assert.Equal(0, recap["failed"]);
        Assert.True(recap["changed"] == 0, "the role's second run changed something:\n" + host.MeshRun.Stdout);
    }

    [Fact]
    public void The_first_run_exports_ssh_for_the_vaults_mesh_client_only()
    {
        Assert.True(Ansible.Recap(host.FirstRun.Stdout)[MeshDeployHost.Name]["changed"] > 0);
        var config = host.MeshSsh($"cat /var/lib/oniongroove-mesh/mesh.yml");
        Assert.True(config.ExitCode == 0, config.Stderr);
        var client = Assert.Single(host.Vault.Vault.Manifest.MeshClients);
        Assert.Contains($"key: {client.PublicKey.ToLowerInvariant()}", config.Stdout);
        Assert.Contains($"address: {host.MeshAddress}", config.Stdout);
        Assert.Equal("active", host.MeshSsh("systemctl is-active oniongroove-mesh").Stdout.Trim());
    }
}
