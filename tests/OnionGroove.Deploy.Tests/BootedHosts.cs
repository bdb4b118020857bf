using OnionGroove.TestSupport;

namespace OnionGroove.Deploy.Tests;

/// <summary>Booted Debian test hosts of one fixture (scripts/hosts-up.sh: systemd-nspawn --boot, a
/// veth link each) in the fixture's scratch folder, reached as root over SSH with the key and
/// known_hosts that hosts-up.sh wrote. Disposing stops the hosts (scripts/hosts-down.sh) and deletes
/// the scratch folder, so a fixture's teardown is one call whatever step its set-up reached.</summary>
public sealed class BootedHosts : IDisposable
{
    private readonly Dictionary<string, string> _addresses = new();

    /// <summary>The fixture's scratch folder (mode 0700), under /var/tmp: the host image is ~450 MB
    /// and some machines mount /tmp in memory.</summary>
    public string Root { get; }

    /// <summary>hosts-up.sh's state: the machines, their SSH key and known_hosts.</summary>
    public string State => Path.Combine(Root, "hosts");

    /// <summary>Each booted host's address on its veth link.</summary>
    public IReadOnlyDictionary<string, string> Addresses => _addresses;

    /// <summary>Checks that this machine can boot hosts (scripts/hosts-preflight.sh; a missing piece
    /// fails the tests with its reason rather than skipping them) and makes the scratch folder.</summary>
    public BootedHosts(string prefix)
    {
        var preflight = ExternalProgram.Run(Path.Combine(Ansible.Root, "scripts", "hosts-preflight.sh"), []);
        Assert.True(preflight.ExitCode == 0, "the host tests cannot run on this machine (see README, Tests): " +
            string.Join("; ", (preflight.Stdout + preflight.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Root = Path.Combine("/var/tmp", $"og-{prefix}-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Root);
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Boots <paramref name="names"/> from the shared image; <paramref name="net"/> is the
    /// third octet of their links (OG_HOSTS_NET), so fixtures that run side by side do not collide.</summary>
    public void Boot(FixtureLog log, IReadOnlyList<string> names, string? net = null)
    {
        log.Step($"image {HostImage.Folder}", HostImage.Ensure);
        log.Step($"boot {string.Join(", ", names)}", () =>
        {
            var up = ExternalProgram.Run(Path.Combine(Ansible.Root, "scripts", "hosts-up.sh"), [HostImage.Folder, State, .. names],
                timeout: TimeSpan.FromMinutes(5),
                env: net is null ? null : new Dictionary<string, string> { ["OG_HOSTS_NET"] = net });
            // hosts-up.sh prints "NAME ADDRESS" per host (after whatever ssh-keygen says).
            foreach (var line in up.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                if (line.Split(' ') is [var name, var address] && names.Contains(name)) _addresses[name] = address;
            return up;
        });
        var missing = names.Where(n => !_addresses.ContainsKey(n)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"hosts-up.sh named no address for {string.Join(", ", missing)}");
    }

    /// <summary>This machine's end of <paramref name="host"/>'s veth link (x.y.z.1).</summary>
    public string HostEnd(string host) => _addresses[host][.._addresses[host].LastIndexOf('.')] + ".1";

    /// <summary>ssh's options for these hosts: the fixture's key, its known_hosts, strict checking, no prompts.</summary>
    public IReadOnlyList<string> SshOptions =>
        ["-i", Path.Combine(State, "id_ed25519"), "-o", $"UserKnownHostsFile={State}/known_hosts", "-o", "StrictHostKeyChecking=yes",
         "-o", "BatchMode=yes"];

    /// <summary>Runs a command on <paramref name="host"/> as root over SSH, straight to its veth address.</summary>
    public ExternalProgram.Result Ssh(string host, string command, TimeSpan? timeout = null) => ExternalProgram.Run("ssh",
        [.. SshOptions, "-o", "ConnectTimeout=10", $"root@{_addresses[host]}", command], timeout: timeout ?? TimeSpan.FromMinutes(1));

    public void Dispose()
    {
        if (Directory.Exists(State))
            ExternalProgram.Run(Path.Combine(Ansible.Root, "scripts", "hosts-down.sh"), [State], timeout: TimeSpan.FromMinutes(3));
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
