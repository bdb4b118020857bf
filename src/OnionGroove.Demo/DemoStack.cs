using System.Text;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.TestNetwork;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Demo;

/// <summary>Everything `oniongroove demo` runs, and what the end-to-end tests drive: a private Tor
/// network, backends (a tor with HiddenServiceOnionbalanceInstance in front of a
/// <see cref="DemoSite"/> each), the balancer (in-process, with its own supervised tor) and a client
/// tor. Dispose stops every process by its pid.</summary>
public sealed class DemoStack : IAsyncDisposable
{
    public sealed record Options
    {
        public int Backends { get; init; } = 2;
        public int Relays { get; init; } = 5;
        public string? BaseDirectory { get; init; }
        public bool KeepDirectory { get; init; }
        public Action<string> Log { get; init; } = _ => { };
        /// <summary>Where the balancer daemon's log lines go (null: to <see cref="Log"/>).</summary>
        public TextWriter? DaemonLog { get; init; }
        /// <summary>Write the balancer daemon's log to BaseDirectory/balancer/balancer.log instead
        /// (it goes when the folder does; see <see cref="DaemonLogPath"/>).</summary>
        public bool DaemonLogToFile { get; init; }
        public bool HealthChecks { get; init; } = true;
        /// <summary>Failed probes in a row before a backend counts as down (1: the demo drops a dead
        /// backend fastest; tests that must not see a loaded machine's slow probes as flaps use 2).</summary>
        public int HealthCheckFailures { get; init; } = 1;
        public bool DistinctDescriptors { get; init; }
        /// <summary>".auth" lines ("descriptor:x25519:…") of clients allowed on the frontend.</summary>
        public IReadOnlyList<string> AuthorizedClients { get; init; } = [];
        public int? MetricsPort { get; init; }
        /// <summary>Run the balancer inside this process (false: the caller runs one, e.g. the benchmark).</summary>
        public bool InProcessBalancer { get; init; } = true;
        /// <summary>Extra services (frontends) balancing the same backends, for load measurements.</summary>
        public int ExtraServices { get; init; }
        /// <summary>Extra torrc lines for every backend's tor (e.g. a more verbose log, for debugging).</summary>
        public IReadOnlyList<string> BackendTorrcLines { get; init; } = [];
        /// <summary>Torrc lines for one backend by its name (e.g. its own MetricsPort, which tor opens only at start).</summary>
        public Func<string, IEnumerable<string>>? BackendTorrcLinesOf { get; init; }
        /// <summary>The tor executable of the backends (e.g. a locally patched build), when not the network's.</summary>
        public string? BackendTorPath { get; init; }
        /// <summary>Extra keys for the frontend service in the balancer's config (e.g. "pow: follow").</summary>
        public IReadOnlyList<string> ServiceConfigLines { get; init; } = [];
        /// <summary>The frontend's identity key (e.g. a vault's site key; the stack disposes it); null: a new one.</summary>
        public IdentitySecretKey? FrontendKey { get; init; }
    }

    private readonly Options _o;
    private readonly List<DemoBackend> _backends = [];
    private readonly List<DemoBalancer> _extraBalancers = [];
    private readonly IdentitySecretKey _frontend;
    private CancellationTokenSource? _daemonStop;
    private StreamWriter? _daemonLogFile;
    private Task? _daemonTask;

    public PrivateTorNetwork Network { get; }
    public TorProcess Client { get; private set; } = null!;
    public BalancerDaemon Daemon { get; private set; } = null!;
    public string BaseDirectory => Network.BaseDirectory;
    public string ConfigPath => Path.Combine(BaseDirectory, "balancer", "config.yaml");
    public OnionAddress Frontend => _frontend.Address;
    public IReadOnlyList<DemoBackend> Backends => _backends;
    public int MetricsPort { get; }
    /// <summary>The balancer's log file with <see cref="Options.DaemonLogToFile"/>, else null.</summary>
    public string? DaemonLogPath { get; private set; }

    private DemoStack(Options o, PrivateTorNetwork network)
    {
        _o = o;
        Network = network;
        _frontend = o.FrontendKey ?? IdentitySecretKey.Generate();
        MetricsPort = o.MetricsPort ?? LoopbackPorts.Next();
    }

    public static async Task<DemoStack> StartAsync(Options o, CancellationToken ct)
    {
        o.Log("starting a private Tor network (3 authorities, " + o.Relays + " relays) on 127.0.0.1…");
        var net = await PrivateTorNetwork.StartAsync(new TorNetworkOptions
        {
            Relays = o.Relays, BaseDirectory = o.BaseDirectory, KeepDirectory = o.KeepDirectory,
        }, ct);
        var stack = new DemoStack(o, net);
        try
        {
            Directory.CreateDirectory(Path.Combine(net.BaseDirectory, "balancer"));
            TorKeyFiles.WriteHiddenServiceDir(Path.Combine(net.BaseDirectory, "balancer", "frontend"), stack._frontend);
            var clientTask = net.AddClientAsync(ct);
            for (var i = 1; i <= o.Backends; i++) await stack.AddBackendAsync($"web{i}", ct);
            stack.WriteConfig();
            if (o.InProcessBalancer) await stack.StartBalancerAsync(ct);
            stack.Client = await clientTask;
            o.Log($"client tor ready (SOCKS 127.0.0.1:{stack.Client.SocksPort})");
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a backend (site + tor) that knows the frontend (ob_config); it is not in the
    /// balancer's configuration until <see cref="WriteConfig"/>.</summary>
    public async Task<DemoBackend> AddBackendAsync(string name, CancellationToken ct)
    {
        var site = new DemoSite(name);
        using var key = IdentitySecretKey.Generate();
        var hsDir = Path.Combine(Network.BaseDirectory, "hs-" + name);
        TorKeyFiles.WriteHiddenServiceDir(hsDir, key);
        // prop307: the instance accepts INTRODUCE2 cells made with the frontend's subcredential.
        await File.WriteAllTextAsync(Path.Combine(hsDir, "ob_config"), $"MasterOnionAddress {Frontend}\n", ct);
        var tor = await Network.StartTorAsync(
        [
            $"HiddenServiceDir {hsDir}",
            $"HiddenServicePort 80 127.0.0.1:{site.Port}",
            "HiddenServiceOnionbalanceInstance 1",
            .. _o.BackendTorrcLines,
            .. _o.BackendTorrcLinesOf?.Invoke(name) ?? [],
        ], name: name, socks: false, torPath: _o.BackendTorPath, ct: ct);
        var b = new DemoBackend(name, key.Address, site, tor);
        _backends.Add(b);
        _o.Log($"backend {name}: {b.Address} (tor pid {tor.Pid}, site on 127.0.0.1:{site.Port})");
        return b;
    }

    /// <summary>(Re)writes the balancer's config.yaml: Onionbalance's keys plus ours.</summary>
    public void WriteConfig(IEnumerable<DemoBackend>? backends = null) =>
        WriteConfigFile(ConfigPath, backends ?? _backends, MetricsPort, _o.ExtraServices);

    private void WriteConfigFile(string configPath, IEnumerable<DemoBackend> backends, int metricsPort, int extraServices)
    {
        var configDir = Path.GetDirectoryName(configPath)!;
        var sb = new StringBuilder();
        sb.AppendLine("# written by oniongroove demo: Onionbalance's format plus OnionGroove extensions");
        sb.AppendLine("tor:");
        sb.AppendLine("  torrc:");
        foreach (var l in Network.TorrcNetworkLines) sb.AppendLine($"    - \"{l.Replace("\"", "\\\"")}\"");
        var empty = Path.Combine(configDir, "empty");
        File.WriteAllText(empty, "");
        sb.AppendLine($"    - \"GeoIPFile {empty}\"");
        sb.AppendLine($"    - \"GeoIPv6File {empty}\"");
        sb.AppendLine("metrics:");
        sb.AppendLine($"  listen: 127.0.0.1:{metricsPort}");
        sb.AppendLine("services:");
        sb.AppendLine("  - key: frontend/hs_ed25519_secret_key");
        if (_o.DistinctDescriptors) sb.AppendLine("    distinct_descriptors: true");
        foreach (var l in _o.ServiceConfigLines) sb.AppendLine("    " + l);
        if (_o.HealthChecks) sb.AppendLine("    health_check: { port: 80, interval: 5, timeout: 15, failures: " + _o.HealthCheckFailures + " }");
        if (_o.AuthorizedClients.Count > 0)
        {
            sb.AppendLine("    authorized_clients:");
            for (var i = 0; i < _o.AuthorizedClients.Count; i++)
            {
                var f = Path.Combine(configDir, $"client{i}.auth");
                File.WriteAllText(f, _o.AuthorizedClients[i] + "\n");
                sb.AppendLine($"      - client{i}.auth");
            }
        }
        sb.AppendLine("    instances:");
        foreach (var b in backends)
        {
            sb.AppendLine($"      - address: {b.Address.ServiceId}");
            sb.AppendLine($"        name: {b.Name}");
        }
        for (var i = 0; i < extraServices; i++)
        {
            var dir = Path.Combine(configDir, $"extra{i}");
            if (!Directory.Exists(dir))
            {
                using var k = IdentitySecretKey.Generate();
                TorKeyFiles.WriteHiddenServiceDir(dir, k);
            }
            sb.AppendLine($"  - key: extra{i}/hs_ed25519_secret_key");
            sb.AppendLine("    instances:");
            foreach (var b in backends) sb.AppendLine($"      - address: {b.Address.ServiceId}");
        }
        var tmp = configPath + ".tmp";
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, configPath, overwrite: true);
    }

    private async Task StartBalancerAsync(CancellationToken ct)
    {
        TextWriter log;
        if (_o.DaemonLogToFile)
        {
            DaemonLogPath = Path.Combine(BaseDirectory, "balancer", "balancer.log");
            _daemonLogFile = new StreamWriter(DaemonLogPath) { AutoFlush = true };
            log = TextWriter.Synchronized(_daemonLogFile);
        }
        else log = _o.DaemonLog ?? new LogWriter(_o.Log);
        var daemon = CreateDaemon(ConfigPath, log);
        Daemon = daemon;
        _daemonStop = new CancellationTokenSource();
        _daemonTask = Task.Run(() => daemon.RunAsync(_daemonStop.Token), CancellationToken.None);
        _o.Log($"balancer started for {Frontend} (metrics on http://127.0.0.1:{MetricsPort}/metrics)");
        await Task.CompletedTask;
    }

    private static BalancerDaemon CreateDaemon(string configPath, TextWriter log)
    {
        var created = BalancerDaemon.Create(new DaemonOptions
        {
            ConfigPath = configPath,
            TorExecutable = "tor",
            TorDataDirectory = Path.Combine(Path.GetDirectoryName(configPath)!, "tor"),
        }, new DescriptorCodec(), new ControlPortNetworkViewSource(), new DaemonLog(log));
        return created.TryGet(out var daemon, out var problems) ? daemon
            : throw new InvalidOperationException("demo configuration rejected: " + string.Join("; ", problems));
    }

    /// <summary>Starts one more balancer in this process, with its own supervised tor, configuration
    /// (in BaseDirectory/<paramref name="name"/>) and metrics port, holding the same frontend key
    /// and balancing <paramref name="backends"/>: a second host publishing the same site without
    /// coordinating with the first. Stopped on dispose (or earlier by disposing it).</summary>
    public async Task<DemoBalancer> StartExtraBalancerAsync(string name, IEnumerable<DemoBackend> backends, TextWriter? daemonLog,
        CancellationToken ct)
    {
        var dir = Path.Combine(BaseDirectory, name);
        Directory.CreateDirectory(dir);
        TorKeyFiles.WriteHiddenServiceDir(Path.Combine(dir, "frontend"), _frontend);
        var configPath = Path.Combine(dir, "config.yaml");
        var metricsPort = LoopbackPorts.Next();
        WriteConfigFile(configPath, backends.ToList(), metricsPort, extraServices: 0);
        var daemon = CreateDaemon(configPath, daemonLog ?? new LogWriter(m => _o.Log(name + ": " + m)));
        var b = new DemoBalancer(name, daemon, configPath, metricsPort);
        _extraBalancers.Add(b);
        _o.Log($"balancer {name} started for {Frontend} (metrics on http://127.0.0.1:{metricsPort}/metrics)");
        await Task.CompletedTask;
        return b;
    }

    /// <summary>One request through the client to the frontend: which backend answered, or why not.</summary>
    public async Task<(string? Backend, string? Error)> FetchAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            var r = await OnionHttp.GetAsync(Client.SocksPort!.Value, new Uri($"http://{Frontend}/"), timeout, ct);
            return (DemoSite.WhoServed(r.Body), r.Status == System.Net.HttpStatusCode.OK ? null : $"HTTP {(int)r.Status}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            if (ct.IsCancellationRequested) throw;
            return (null, e.GetBaseException().Message);
        }
    }

    /// <summary>Fetches until a backend answers or <paramref name="timeout"/> passes.</summary>
    public async Task<string> WaitReachableAsync(TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        string? last = null;
        while (DateTimeOffset.UtcNow < until)
        {
            var (who, error) = await FetchAsync(TimeSpan.FromSeconds(30), ct);
            if (who is not null) return who;
            last = error;
            await Task.Delay(2000, ct);
        }
        throw new TimeoutException($"{Frontend} not reachable within {timeout.TotalSeconds:0} s (last error: {last})");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var b in _extraBalancers) await b.DisposeAsync();
        if (_daemonStop is not null && Daemon is not null)
        {
            _daemonStop.Cancel();
            try { await _daemonTask!.WaitAsync(TimeSpan.FromSeconds(20)); } catch (Exception) { }
            await Daemon.DisposeAsync();
        }
        if (_daemonLogFile is not null) await _daemonLogFile.DisposeAsync();
        foreach (var b in _backends) await b.DisposeAsync();
        await Network.DisposeAsync();
        _frontend.Dispose();
    }

    /// <summary>Adapts a log callback to a TextWriter for the daemon.</summary>
    private sealed class LogWriter(Action<string> log) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void WriteLine(string? value) { if (value is not null) log(value); }
    }
}
