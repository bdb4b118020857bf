using OnionGroove.Demo;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Deploy.Tests;

/// <summary>The container image (scripts/container-image.sh: a local Debian base from the host
/// image, podman import, the oniongroove package) running tor and the balancer on a private Tor
/// network on 127.0.0.1 (host networking), with two backends and a client tor from the demo
/// stack on this machine. The configuration is a `render --files` master/ folder.
/// Needs root, podman and runc (scripts/setup.sh). The base image stays in podman's storage
/// (localhost/oniongroove-base:bookworm), so later runs only build the top layer (~1 min).</summary>
public sealed class ContainerSite : IAsyncLifetime
{
    private readonly FixtureLog _log;
    private readonly string _tag = "localhost/oniongroove:test-" + Guid.NewGuid().ToString("N")[..8];

    public string Root { get; } = Path.Combine("/var/tmp", "og-container-" + Guid.NewGuid().ToString("N")[..8]);
    public string Container { get; } = "og-test-" + Guid.NewGuid().ToString("N")[..8];
    public DemoStack Stack { get; private set; } = null!;
    public int MetricsPort { get; } = LoopbackPorts.Next();
    public string User { get; private set; } = "";

    public ContainerSite(IMessageSink sink) => _log = new FixtureLog(sink, "container");

    /// <summary>podman as scripts/container-image.sh runs it here: runc, no default ulimits
    /// (docs/deployment.md, "Container image").</summary>
    public ExternalProgram.Result Podman(params string[] args) => ExternalProgram.Run("podman", ["--runtime", "runc", .. args],
        timeout: TimeSpan.FromMinutes(5), env: new Dictionary<string, string> { ["CONTAINERS_CONF"] = Path.Combine(Root, "containers.conf") });

    public async Task InitializeAsync()
    {
        foreach (var program in new[] { "podman", "runc" })
            Assert.True(ExternalProgram.Exists(program), $"{program} is missing: run scripts/setup.sh");
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "containers.conf"), "[containers]\ndefault_ulimits = []\n");
        _log.Step($"image {HostImage.Folder}", HostImage.Ensure);
        var deb = _log.Step("Debian package (scripts/package-deb.sh)", () => TestPackage.Ensure().Result).Stdout.Trim();
        _log.Step($"container image {_tag}", () => ExternalProgram.Run(Path.Combine(Ansible.Root, "scripts", "container-image.sh"),
            ["--deb", deb, "--rootfs", HostImage.Folder, _tag], timeout: TimeSpan.FromMinutes(15)));

        _log.Write("private Tor network, two backends and a client ...");
        Stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2, InProcessBalancer = false, HealthChecks = false, Log = _log.Write,
            BaseDirectory = Path.Combine(Root, "tornet"),
        }, CancellationToken.None);
        WriteTree();
        _log.Step($"run {Container}", () => Podman("run", "-d", "--name", Container, "--network", "host",
            "-v", $"{Path.Combine(Root, "master")}:/etc/oniongroove:ro",
            "-e", $"OG_CONTROL_PORT={LoopbackPorts.Next()}", "-e", $"OG_METRICS_LISTEN=127.0.0.1:{MetricsPort}", _tag));
        _log.Write($"ready after {_log.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>The folder `render --files` writes as master/ (config.yaml, ADDRESS.key, torrc-server),
    /// plus torrc-extra with the private network's lines, owned by the image's user.</summary>
    private void WriteTree()
    {
        var master = Path.Combine(Root, "master");
        Directory.CreateDirectory(master);
        var address = Stack.Frontend.ServiceId;
        File.Copy(Path.Combine(Stack.BaseDirectory, "balancer", "frontend", "hs_ed25519_secret_key"), Path.Combine(master, $"{address}.key"));
        File.WriteAllText(Path.Combine(master, "config.yaml"),
            $"services:\n- key: {address}.key\n  instances:\n" +
            string.Concat(Stack.Backends.Select(b => $"  - address: {b.Address.ServiceId}.onion\n    name: {b.Name}\n")));
        File.WriteAllText(Path.Combine(master, "torrc-server"), "DataDirectory tor-data\nControlPort 9051\nCookieAuthentication 1\nSocksPort 0\n");
        File.WriteAllLines(Path.Combine(master, "torrc-extra"), Stack.Network.TorrcNetworkLines);
        User = Podman("run", "--rm", "--entrypoint", "id", _tag, "-u").Stdout.Trim();
        Assert.Matches("^[1-9][0-9]*$", User);
        Assert.Equal(0, ExternalProgram.Run("chown", ["-R", User, master]).ExitCode);
    }

    public async Task DisposeAsync()
    {
        Podman("rm", "-f", "-t", "10", Container);
        Podman("rmi", "-f", _tag);
        if (Stack is not null) await Stack.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A visitor's tor reaches the site through the containerised balancer: tor and
/// `oniongroove balancer run` in one container as a non-root user, configured by a
/// `render --files` tree, healthy by its `balancer status` health check.</summary>
[Trait(TestCategory.Name, TestCategory.Containers)]
public sealed class ContainerImageTests(ContainerSite site) : IClassFixture<ContainerSite>
{
    [Fact]
    public async Task A_client_reaches_the_site_through_the_container_and_its_health_check_passes()
    {
        // The entrypoint writes tor's settings before it starts tor and the balancer: on a loaded
        // machine `podman top` can see it still at that step (a CI run did), so wait for both.
        var processes = await Eventually.ValueAsync(() =>
            {
                var top = site.Podman("top", site.Container, "user", "args");
                Assert.True(top.ExitCode == 0, top.Stderr);
                return top.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            },
            ps => ps.Any(p => p.Contains("tor -f", StringComparison.Ordinal)) && ps.Any(p => p.Contains("oniongroove balancer run", StringComparison.Ordinal)),
            "tor and the balancer running in the container", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1), ps => string.Join("; ", ps));
        Assert.All(processes, p => Assert.StartsWith("oniongroove ", p));

        string? who;
        try
        {
            who = await site.Stack.WaitReachableAsync(TimeSpan.FromMinutes(4), CancellationToken.None);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message}\n{site.Podman("logs", "--tail", "40", site.Container).Stderr}");
            return;
        }
        Assert.Matches("^web[12]$", who);

        // The image's HEALTHCHECK (oniongroove balancer status) passes; status shows the published frontend.
        var health = site.Podman("healthcheck", "run", site.Container);
        Assert.True(health.ExitCode == 0, $"health check: {health.Stdout}{health.Stderr}");
        var status = site.Podman("exec", site.Container, "oniongroove", "balancer", "status", "--metrics", $"127.0.0.1:{site.MetricsPort}");
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("tor: connected", status.Stdout);
        Assert.Contains(site.Stack.Frontend.ServiceId, status.Stdout);
    }
}
