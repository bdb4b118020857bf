using System.Security.Cryptography;
using System.Text;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.Demo;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Descriptors.Offline;
using OnionGroove.TestNetwork;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OnionGroove.Balancer.Tests;

/// <summary>A frontend of the bundle end-to-end tests: the test side holds its identity key (as the vault
/// does), the balancer only the signing bundle at <see cref="BundlePath"/>.</summary>
public sealed class BundleFrontend : IDisposable
{
    private readonly byte[] _seed = RandomNumberGenerator.GetBytes(32);

    public BundleFrontend(string name, string bundlePath)
    {
        Name = name;
        BundlePath = bundlePath;
        Key = IdentitySecretKey.FromSeed(_seed);
    }

    public string Name { get; }
    public string BundlePath { get; }
    public IdentitySecretKey Key { get; }
    public OnionAddress Address => Key.Address;

    /// <summary>The RFC 8032 seed the identity key was made from (tor's key file holds only the expansion).</summary>
    public ReadOnlySpan<byte> Seed => _seed;

    /// <summary>Issues a bundle for <paramref name="count"/> periods from <paramref name="first"/> as `site certify`
    /// does, and renames it over <see cref="BundlePath"/> (0600), as a refresh by Ansible does.</summary>
    public void WriteBundle(TimePeriod first, int count)
    {
        using var bundle = SigningBundleIssuer.Issue(Key, first, count, DateTimeOffset.UtcNow);
        var bytes = SigningBundleFormat.Write(bundle);
        var tmp = BundlePath + ".tmp";
        using (var f = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            f.Write(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        File.Move(tmp, BundlePath, overwrite: true);
    }

    public void Dispose()
    {
        Key.Dispose();
        CryptographicOperations.ZeroMemory(_seed);
    }

    public override string ToString() => $"{Name} ({Address})";
}

/// <summary>
/// One private Tor network for the offline-key proofs of issue #12 (docs/offline-keys.md), with short time
/// periods: a voting interval of 10 s, so a period is one SRV run of 24 votes, 4 minutes, starting 12 votes
/// (2 minutes) into the run (rend-spec-v3 §2.2.1; tor's hs_get_time_period_num takes the length from the SRV
/// protocol on a TestingTorNetwork and ignores the hsdir-interval parameter there). 10 s is the shortest
/// interval tor accepts with its 2 s minimum vote and distribution delays (their sum must stay under half of it).
/// <para>Two backends (plain tor onion services with HiddenServiceOnionbalanceInstance, listing every frontend
/// below in ob_config, prop307) and one balancer in this process, with its own supervised tor, serving three
/// frontends from signing bundles only: <see cref="WithAuth"/> (client authorisation on; the fixture's
/// client holds the key), <see cref="Open"/> (no client authorisation) and <see cref="RunOut"/> (a bundle that
/// ends with the current or next period). <see cref="Posted"/> is a fourth address that no balancer
/// serves: the tests build its descriptors themselves.</para>
/// </summary>
public sealed class BundleEndToEndFixture(IMessageSink sink) : IAsyncLifetime
{
    public const int VotingIntervalSeconds = 10;

    private readonly StringWriter _daemonLog = new();
    private readonly List<DemoBackend> _backends = [];
    private CancellationTokenSource? _stop;
    private Task? _run;

    public PrivateTorNetwork Network { get; private set; } = null!;
    public TorProcess Client { get; private set; } = null!;
    public BalancerDaemon Daemon { get; private set; } = null!;
    public TimePeriodSchedule Schedule { get; private set; } = null!;
    public BundleFrontend WithAuth { get; private set; } = null!;
    public BundleFrontend Open { get; private set; } = null!;
    public BundleFrontend RunOut { get; private set; } = null!;
    public BundleFrontend Posted { get; private set; } = null!;
    public ClientAuthSecretKey ClientKey { get; } = ClientAuthSecretKey.Generate();
    public IReadOnlyList<DemoBackend> Backends => _backends;
    /// <summary>The last period <see cref="RunOut"/>'s first bundle covers.</summary>
    public TimePeriod RunOutLast { get; private set; }
    /// <summary>The period in which the first test reached every frontend: the next test counts period changes from it.</summary>
    public TimePeriod? FirstReached { get; set; }
    /// <summary>The open frontend's descriptor as the first test fetched it from the network, with its period.</summary>
    public (string Text, TimePeriod Period)? OpenFetched { get; set; }
    /// <summary>When the fixture was ready (for the report of how long the tests took).</summary>
    public DateTimeOffset ReadyAt { get; private set; }

    /// <summary>The balancer's folder: config, bundles, client keys, and its tor's data directory (tor/).</summary>
    public string BalancerDirectory => Path.Combine(Network.BaseDirectory, "balancer");

    public string DaemonLog { get { lock (_daemonLog) return _daemonLog.ToString(); } }

    private void Log(string m) => sink.OnMessage(new DiagnosticMessage("bundle e2e: " + m));

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var started = DateTimeOffset.UtcNow;
        Network = await PrivateTorNetwork.StartAsync(new TorNetworkOptions { VotingIntervalSeconds = VotingIntervalSeconds }, cts.Token);
        Log($"network up in {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s");
        Schedule = new TimePeriodSchedule(Network.VotingInterval, TimePeriod.DefaultLengthMinutes, testingNetwork: true);
        Directory.CreateDirectory(BalancerDirectory);
        WithAuth = new BundleFrontend("with-auth", Path.Combine(BalancerDirectory, "with-auth.signing-bundle"));
        Open = new BundleFrontend("open", Path.Combine(BalancerDirectory, "open.signing-bundle"));
        RunOut = new BundleFrontend("run-out", Path.Combine(BalancerDirectory, "run-out.signing-bundle"));
        Posted = new BundleFrontend("posted", Path.Combine(Network.BaseDirectory, "posted-unused"));

        var now = DateTimeOffset.UtcNow;
        var (first, count) = SigningBundleIssuer.Span(now, TimeSpan.FromMinutes(30), Schedule.LengthMinutes, Schedule.RotationOffsetMinutes);
        WithAuth.WriteBundle(first, count);
        Open.WriteBundle(first, count);

        // The client's key for the frontend with client authorisation, in ClientOnionAuthDir: keys added with
        // ONION_CLIENT_AUTH_ADD are ephemeral and NEWNYM, which the tests send, drops them (hs_client_purge_state).
        var authDir = Path.Combine(Network.BaseDirectory, "client-auth");
        Directory.CreateDirectory(authDir);
        File.WriteAllText(Path.Combine(authDir, "with-auth.auth_private"), ClientKey.ExportAuthPrivateLine(WithAuth.Address) + "\n");
        File.SetUnixFileMode(authDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var clientTask = StartClientAsync(authDir, cts.Token);
        for (var i = 1; i <= 2; i++) await AddBackendAsync($"web{i}", cts.Token);
        WriteConfig();
        await WriteRunOutBundleAsync(first, cts.Token);
        var created = BalancerDaemon.Create(new DaemonOptions
        {
            ConfigPath = Path.Combine(BalancerDirectory, "config.yaml"),
            TorExecutable = "tor",
            TorDataDirectory = Path.Combine(BalancerDirectory, "tor"),
        }, new DescriptorCodec(), new ControlPortNetworkViewSource(), new DaemonLog(TextWriter.Synchronized(_daemonLog)));
        Daemon = created.TryGet(out var daemon, out var problems) ? daemon
            : throw new InvalidOperationException("configuration rejected: " + string.Join("; ", problems));
        _stop = new CancellationTokenSource();
        _run = Task.Run(() => Daemon.RunAsync(_stop.Token), CancellationToken.None);
        Client = await clientTask;
        ReadyAt = DateTimeOffset.UtcNow;
        Log($"ready after {(ReadyAt - started).TotalSeconds:0} s: {WithAuth}, {Open}, {RunOut}; posted by the tests: {Posted}");
    }

    /// <summary>Time the balancer needs from its start until a client has reached the run-out frontend (the first
    /// test reaches it first): its first uploads, then a fetch and a rendezvous.</summary>
    private static readonly TimeSpan RunOutReachable = TimeSpan.FromSeconds(120);

    /// <summary>The run-out bundle ends with the period the balancer starts in, so that it runs out at the first
    /// period change, the one the period-change test waits for: one change serves both. With less than
    /// <see cref="RunOutReachable"/> left of the period, the balancer starts in the next one instead.</summary>
    private async Task WriteRunOutBundleAsync(TimePeriod first, CancellationToken ct)
    {
        var current = Schedule.PeriodAt(DateTimeOffset.UtcNow);
        if (current.End - DateTimeOffset.UtcNow < RunOutReachable)
        {
            // Until the network's consensus is in the next period too (a vote every 10 s).
            var wait = current.End - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2 * VotingIntervalSeconds);
            Log($"{(current.End - DateTimeOffset.UtcNow).TotalSeconds:0} s left of period {current.Number}: starting the balancer in the next");
            await Task.Delay(wait, ct);
            current = Schedule.PeriodAt(DateTimeOffset.UtcNow);
        }
        RunOutLast = current;
        RunOut.WriteBundle(first, (int)(RunOutLast.Number - first.Number + 1));
        Log($"bundles from period {first.Number} ({Schedule.LengthMinutes}-minute periods); run-out ends with {RunOutLast.Number}");
    }

    private async Task<TorProcess> StartClientAsync(string authDir, CancellationToken ct)
    {
        var tor = await Network.StartTorAsync([$"ClientOnionAuthDir {authDir}"], name: "client", socks: true, ct: ct);
        await Network.WaitForBootstrapAsync(tor, ct);
        return tor;
    }

    private async Task AddBackendAsync(string name, CancellationToken ct)
    {
        var site = new DemoSite(name);
        using var key = IdentitySecretKey.Generate();
        var hsDir = Path.Combine(Network.BaseDirectory, "hs-" + name);
        TorKeyFiles.WriteHiddenServiceDir(hsDir, key);
        // prop307: the instance accepts introductions made with any of these frontends' subcredentials.
        var masters = string.Concat(new[] { WithAuth, Open, RunOut, Posted }.Select(f => $"MasterOnionAddress {f.Address}\n"));
        await File.WriteAllTextAsync(Path.Combine(hsDir, "ob_config"), masters, ct);
        var tor = await Network.StartTorAsync(
        [
            $"HiddenServiceDir {hsDir}",
            $"HiddenServicePort 80 127.0.0.1:{site.Port}",
            "HiddenServiceOnionbalanceInstance 1",
        ], name: name, socks: false, ct: ct);
        _backends.Add(new DemoBackend(name, key.Address, site, tor));
    }

    private void WriteConfig()
    {
        var sb = new StringBuilder("tor:\n  torrc:\n");
        foreach (var l in Network.TorrcNetworkLines) sb.Append($"    - \"{l}\"\n");
        var empty = Path.Combine(BalancerDirectory, "empty");
        File.WriteAllText(empty, "");
        sb.Append($"    - \"GeoIPFile {empty}\"\n    - \"GeoIPv6File {empty}\"\n");
        File.WriteAllText(Path.Combine(BalancerDirectory, "client0.auth"), ClientKey.PublicKey.ToAuthFileLine() + "\n");
        sb.Append("services:\n");
        foreach (var f in new[] { WithAuth, Open, RunOut })
        {
            sb.Append($"  - key: {Path.GetFileName(f.BundlePath)}\n");
            if (f == WithAuth) sb.Append("    authorized_clients:\n      - client0.auth\n");
            sb.Append("    instances:\n");
            foreach (var b in _backends) sb.Append($"      - address: {b.Address.ServiceId}\n        name: {b.Name}\n");
        }
        File.WriteAllText(Path.Combine(BalancerDirectory, "config.yaml"), sb.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_stop is not null)
        {
            _stop.Cancel();
            try { await _run!.WaitAsync(TimeSpan.FromSeconds(20)); } catch (Exception) { }
            await Daemon.DisposeAsync();
        }
        foreach (var b in _backends) await b.DisposeAsync();
        if (Network is not null) await Network.DisposeAsync();
        foreach (var f in new[] { WithAuth, Open, RunOut, Posted }) f?.Dispose();
        ClientKey.Dispose();
    }
}
