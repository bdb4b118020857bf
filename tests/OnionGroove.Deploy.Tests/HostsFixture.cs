using System.Text.Json;
using OnionGroove.Deploy.Inventory;
using OnionGroove.Deploy.Placement;
using OnionGroove.Deploy.Plan;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Deploy.Tests;

/// <summary>
/// Three real Debian bookworm hosts booted with systemd (systemd-nspawn --boot, one network
/// namespace each, reached over SSH on veth addresses 10.231.N.2 this fixture creates), a private
/// Tor network on this machine bound to fe1's host-side veth address 10.231.1.1 (every container
/// routes 10.231.0.0/16 to its host end), a real vault with one site and two backends, an
/// inventory rendered from it with the network's torrc lines, and two runs of ansible-playbook
/// ansible/site.yml that leave the balancer running from a signing bundle, then a third run with
/// <c>--tags keys</c> and a refresh threshold above the bundle's days left, which must replace the bundle
/// without restarting the balancer. Everything the tests check was produced once, here.
/// Needs root, debootstrap, systemd-nspawn, ansible, age (CI installs them) and the right to start
/// containers (scripts/hosts-preflight.sh checks); a missing piece fails the tests with that reason
/// instead of skipping them.
/// The image is built once per machine and kept (<see cref="HostImage"/>); the frontend gets the
/// oniongroove Debian package (<see cref="TestPackage"/>: OG_DEPLOY_BINARY or OG_DEPLOY_DEB reuse a
/// published binary or a package while developing; CI sets neither).
/// </summary>
public sealed class HostsFixture : IDisposable
{
    public static readonly string[] HostNames = ["fe1", "be1", "be2"];
    public const string Site = "news";

    private readonly FixtureLog _log;
    private readonly BootedHosts _hosts;

    public string Root => _hosts.Root;
    public string State => _hosts.State;
    public string Image => HostImage.Folder;
    public string AnsibleTemp => Path.Combine(Root, "ansible-tmp");
    public string Inventory => Path.Combine(Root, "ops", "inventories", "test");
    public TestVault Vault { get; }
    public string Deb { get; }
    public DateTime StartedUtc { get; } = DateTime.UtcNow;
    public IReadOnlyDictionary<string, string> Addresses => _hosts.Addresses;
    public ExternalProgram.Result FirstRun { get; }
    public ExternalProgram.Result SecondRun { get; }
    /// <summary>The run that refreshes the signing bundle (see <see cref="RefreshArguments"/>).</summary>
    public ExternalProgram.Result RefreshRun { get; }
    /// <summary>fe1's balancer and bundle after the second run, before the refresh.</summary>
    public FrontendBundleState BeforeRefresh { get; }

    /// <summary>Days a bundle covers in the first runs: a test network's periods are minutes long.</summary>
    public const int BundleDays = 1;
    /// <summary>The refresh run: only the key tasks of the frontends (the weekly run docs/deployment.md
    /// recommends), a threshold above the 1 day left, and 2-day bundles so the new bundle surely runs out later
    /// than the old one.</summary>
    public static readonly string[] RefreshArguments =
        ["--tags", "keys", "--limit", "frontends", "-e", "oniongroove_balancer_bundle_refresh_days=1.5", "-e", "oniongroove_balancer_bundle_days=2"];
    public const string BundlePath = $"/etc/oniongroove/keys/{Site}.signing-bundle";
    public PrivateTorNetwork Network { get; }

    /// <summary>This machine's end of fe1's veth link: the test Tor network listens there.</summary>
    public string NetworkAddress => _hosts.HostEnd("fe1");

    public HostsFixture(IMessageSink sink)
    {
        _log = new FixtureLog(sink, "deploy-hosts");
        foreach (var program in new[] { "ansible-playbook", "age-keygen", "dotnet" })
            Assert.True(ExternalProgram.Exists(program), $"{program} is missing: run scripts/setup.sh");
        // Root and the right to start containers (nested ones when this machine is a container).
        _hosts = new BootedHosts("deploy");
        Directory.CreateDirectory(AnsibleTemp);

        try
        {
            Deb = _log.Step("Debian package (scripts/package-deb.sh)", () => TestPackage.Ensure().Result).Stdout.Trim();
            _hosts.Boot(_log, HostNames);

            Network = StartNetwork();

            Vault = TestVault.Create(Path.Combine(Root, "admin"), (Site, 2));
            RenderInventory();

            FirstRun = Playbook("first ansible-playbook run");
            SecondRun = Playbook("second ansible-playbook run");
            BeforeRefresh = FrontendBundle();
            RefreshRun = Playbook("refresh run", RefreshArguments);
            _log.Write($"ready after {_log.Elapsed.TotalSeconds:F0} s");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Starts the Tor network on <see cref="NetworkAddress"/> after checking that every
    /// container reaches that address (through its own host end for be1 and be2).</summary>
    private PrivateTorNetwork StartNetwork()
    {
        PrivateTorNetwork? network = null;
        _log.Step($"private Tor network on {NetworkAddress}", () =>
        {
            network = PrivateTorNetwork.StartAsync(new TorNetworkOptions
            {
                Address = NetworkAddress,
                BaseDirectory = Path.Combine(Root, "tornet"),
                StartTimeout = TimeSpan.FromSeconds(150),
                BootstrapTimeout = TimeSpan.FromSeconds(120),
            }).GetAwaiter().GetResult();
            var phases = string.Join(", ", network.StartupPhases.Select(p => $"{p.Phase} {p.Duration.TotalSeconds:F0} s"));
            return new ExternalProgram.Result(0, phases, "");
        });
        var dirPort = network!.TorrcNetworkLines.First(l => l.StartsWith("DirAuthority ", StringComparison.Ordinal))
            .Split(' ').First(w => w.StartsWith(NetworkAddress + ":", StringComparison.Ordinal)).Split(':')[1];
        foreach (var host in HostNames)
        {
            // An HTTP request to an authority's DirPort from inside the container.
            var r = Ssh(host, $"python3 -c \"import urllib.request; print(urllib.request.urlopen('http://{NetworkAddress}:{dirPort}/tor/keys/all', timeout=20).status)\"");
            if (r.ExitCode != 0 || r.Stdout.Trim() != "200")
                throw new InvalidOperationException($"{host} cannot reach the Tor network at {NetworkAddress}:{dirPort}: {r.Stdout}{r.Stderr}");
        }
        return network;
    }

    /// <summary>Places one backend on each backend host and renders the inventory, as
    /// `oniongroove host add` and `oniongroove render` do.</summary>
    private void RenderInventory()
    {
        var settings = new EnvironmentSettings { TorNetwork = [.. Network.TorrcNetworkLines] };
        settings.Hosts["fe1"] = new HostSettings { Frontend = true, Address = Addresses["fe1"], User = "root" };
        settings.Hosts["be1"] = new HostSettings { Address = Addresses["be1"], User = "root" };
        settings.Hosts["be2"] = new HostSettings { Address = Addresses["be2"], User = "root" };
        HostPlacement.Place(Vault.Vault, "be1", [$"{Site}/b1"]);
        HostPlacement.Place(Vault.Vault, "be2", [$"{Site}/b2"]);
        var built = PlanBuilder.Build("test", Vault.Vault.Manifest, settings);
        Assert.True(built.IsSuccess, string.Join("; ", built.Error ?? []));
        Directory.CreateDirectory(Inventory);
        // The settings sit beside the inventory folder, as `oniongroove host add` keeps them.
        File.WriteAllText(new EnvironmentLayout(Path.GetDirectoryName(Inventory)!, "test").SettingsFile, EnvironmentSettingsFile.Serialize(settings));
        InventoryWriter.Write(Inventory, InventoryRenderer.Render(built.Value));

        // Test-only settings: how to reach the containers, where the key command is, no apt mirror.
        var cli = $"dotnet, {Path.Combine(AppContext.BaseDirectory, "oniongroove.dll")}";
        var vault = $"--vault, {Vault.Vault.Root}, --identity, {Vault.IdentityFile}";
        var keyCommand = $"[{cli}, render, key, {vault}]";
        // Bundles for the test network's minutes-long periods (rend-spec-v3 §2.2.1: one SRV run).
        var schedule = new Descriptors.HsDir.TimePeriodSchedule(Network.VotingInterval, Crypto.TimePeriod.DefaultLengthMinutes, testingNetwork: true);
        File.WriteAllText(Path.Combine(Root, "test-vars.yml"), $"""
            ansible_ssh_private_key_file: {State}/id_ed25519
            ansible_ssh_common_args: "-o UserKnownHostsFile={State}/known_hosts -o StrictHostKeyChecking=yes -o ControlPath={Root}/ssh-%C"
            tor_key_command: {keyCommand}
            oniongroove_balancer_key_command: {keyCommand}
            oniongroove_balancer_deb: {Deb}
            oniongroove_balancer_bundle_command: [{cli}, site, certify, {vault}]
            oniongroove_balancer_bundle_days: {BundleDays}
            oniongroove_balancer_bundle_refresh_days: 0.5
            oniongroove_balancer_bundle_period_length: {schedule.LengthMinutes}
            oniongroove_balancer_bundle_rotation_offset: {schedule.RotationOffsetMinutes}
            tor_apt_update_cache: false
            onion_endpoint_apt_update_cache: false
            timesync_apt_update_cache: false
            """);
    }

    private ExternalProgram.Result Playbook(string what, IEnumerable<string>? more = null) => _log.Step(what, () => Ansible.Run("ansible-playbook",
        ["-i", Inventory, "-e", "@" + Path.Combine(Root, "test-vars.yml"), .. more ?? [], "ansible/site.yml"],
        TimeSpan.FromMinutes(25), AnsibleTemp));

    /// <summary>fe1's bundle (read with the installed binary) and its balancer, once <c>balancer status</c>
    /// reports that bundle's runs-out time (a reload after a refresh takes a moment).</summary>
    public FrontendBundleState FrontendBundle()
    {
        var inspect = Ssh("fe1", $"/usr/bin/oniongroove bundle inspect --json {BundlePath}");
        if (inspect.ExitCode != 0) throw new InvalidOperationException($"fe1: bundle inspect {BundlePath}: {inspect.Stderr}");
        var coversUntil = JsonDocument.Parse(inspect.Stdout).RootElement.GetProperty("data").GetProperty("covers_until").GetDateTimeOffset();
        DateTimeOffset? StatusRunsOut()
        {
            var r = Ssh("fe1", "/usr/bin/oniongroove balancer status --json");
            if (r.ExitCode != 0) return null;
            var service = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("data").GetProperty("services").EnumerateArray().Single();
            return service.GetProperty("signing_bundle_runs_out").ValueKind == JsonValueKind.Null
                ? null : service.GetProperty("signing_bundle_runs_out").GetDateTimeOffset();
        }
        var runsOut = Eventually.Value(StatusRunsOut, t => t == coversUntil,
            $"fe1's balancer status reports the bundle's runs-out time {coversUntil:O}", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(2),
            t => t?.ToString("O") ?? "none");
        var pid = Ssh("fe1", "systemctl show -p MainPID --value oniongroove-balancer").Stdout.Trim();
        return new FrontendBundleState(pid, coversUntil, runsOut!.Value);
    }

    /// <summary>A bundle on fe1: the balancer's main process, the bundle's end (bundle inspect) and the end
    /// the balancer reports (balancer status).</summary>
    public sealed record FrontendBundleState(string MainPid, DateTimeOffset CoversUntil, DateTimeOffset StatusRunsOut);

    /// <summary>Runs a command on a container as root over SSH.</summary>
    public ExternalProgram.Result Ssh(string host, string command) => _hosts.Ssh(host, command);

    public void Dispose()
    {
        // Network may be null when the constructor failed before starting it.
        if (Network is not null) Network.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _hosts.Dispose();
    }
}
