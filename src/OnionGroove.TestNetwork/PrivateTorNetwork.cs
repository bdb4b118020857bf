using OnionGroove.Control;

namespace OnionGroove.TestNetwork;

/// <summary>A Tor network on 127.0.0.1 made of Debian tor processes: directory authorities
/// (keys from tor-gencert), relays with the HSDir flag, and clients or onion-service tors added on
/// demand. Starts in phases (authorities + relays; wait until the consensus lists all of them;
/// SIGNAL RELOAD the relays to reset download back-off), which gets a usable network in roughly
/// 15–30 s. Dispose stops every process by its pid and removes the directory.</summary>
public sealed class PrivateTorNetwork : IAsyncDisposable
{
    private readonly TorNetworkOptions _options;
    private readonly List<TorProcess> _authorities = [];
    private readonly List<TorProcess> _relays = [];
    private readonly List<TorProcess> _others = [];
    private readonly object _gate = new();
    private readonly string _resolvConf;
    private int _nextName;
    private bool _disposed;

    public string BaseDirectory { get; }

    /// <summary>How long each start phase took (keys, processes, consensus), for reports and tuning.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Duration)> StartupPhases => _phases;
    private readonly List<(string, TimeSpan)> _phases = [];

    /// <summary>The lines any tor joining this network needs in its torrc (TestingTorNetwork,
    /// voting intervals, DirAuthority lines). Add DataDirectory, ports etc. yourself.</summary>
    public IReadOnlyList<string> TorrcNetworkLines { get; }

    public IReadOnlyList<TorProcess> Authorities => _authorities;
    public IReadOnlyList<TorProcess> Relays => _relays;

    /// <summary>Clients and other tors started with <see cref="StartTorAsync"/>.</summary>
    public IReadOnlyList<TorProcess> Others { get { lock (_gate) return [.. _others]; } }

    /// <summary>Every process of the network, for checks after dispose.</summary>
    public IReadOnlyList<TorProcess> AllProcesses { get { lock (_gate) return [.. _authorities, .. _relays, .. _others]; } }

    /// <summary>The voting interval the network runs with (time periods are 24 of these with TestingTorNetwork).</summary>
    public TimeSpan VotingInterval => TimeSpan.FromSeconds(_options.VotingIntervalSeconds);

    private PrivateTorNetwork(TorNetworkOptions options, string baseDirectory, IReadOnlyList<string> networkLines)
    {
        _options = options;
        BaseDirectory = baseDirectory;
        TorrcNetworkLines = networkLines;
        _resolvConf = Path.Combine(baseDirectory, "resolv.conf");
    }

    public static async Task<PrivateTorNetwork> StartAsync(TorNetworkOptions? options = null, CancellationToken ct = default)
    {
        options ??= new TorNetworkOptions();
        if (options.Authorities < 1 || options.Relays < 0) throw new ArgumentException("need at least one authority");
        var baseDir = options.BaseDirectory ?? Directory.CreateTempSubdirectory("ogn").FullName;
        Directory.CreateDirectory(baseDir);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(baseDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(baseDir, "resolv.conf"), "nameserver 127.0.0.1\n", ct).ConfigureAwait(false);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.StartTimeout);
        PrivateTorNetwork? net = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var phases = new List<(string, TimeSpan)>();
        void Phase(string name) { phases.Add((name, clock.Elapsed)); clock.Restart(); }
        try
        {
            // Phase 1: authority keys (in parallel: RSA key generation dominates).
            var auths = Enumerable.Range(0, options.Authorities)
                .Select(i => (Name: $"a{i}", Dir: Path.Combine(baseDir, $"a{i}"), Or: LoopbackPorts.Next(), DirPort: LoopbackPorts.Next()))
                .ToList();
            var keys = await Task.WhenAll(auths.Select(a =>
                AuthorityKeys.CreateAsync(options, a.Dir, a.Name, a.Or, a.DirPort, timeout.Token))).ConfigureAwait(false);
            var dirAuthorityLines = auths.Select((a, i) =>
                $"DirAuthority {a.Name} orport={a.Or} no-v2 v3ident={keys[i].V3Ident} {options.Address}:{a.DirPort} {keys[i].Fingerprint}").ToList();
            net = new PrivateTorNetwork(options, baseDir, TorrcTemplates.Network(options, dirAuthorityLines));
            Phase("authority keys");

            // Phase 2: authorities and relays together.
            var processOptions = new TorProcessOptions { TorPath = options.TorPath };
            var authorityTasks = auths.Select(a => TorProcess.StartAsync(a.Name, a.Dir,
                [.. net.TorrcNetworkLines, .. TorrcTemplates.Authority(a.Name, options.Address, a.Or, a.DirPort, net._resolvConf)],
                processOptions, timeout.Token)).ToList();
            var relayTasks = Enumerable.Range(0, options.Relays).Select(i =>
            {
                var name = $"r{i}";
                return TorProcess.StartAsync(name, Path.Combine(baseDir, name),
                    [.. net.TorrcNetworkLines, .. TorrcTemplates.Relay(name, options.Address, LoopbackPorts.Next(), LoopbackPorts.Next(), net._resolvConf)],
                    processOptions, timeout.Token);
            }).ToList();
            await Collect(net, authorityTasks, net._authorities).ConfigureAwait(false);
            await Collect(net, relayTasks, net._relays).ConfigureAwait(false);
            Phase("authorities and relays started");

            // Phase 3: wait until the authorities' consensus lists everyone, then reset the relays' back-off.
            await net.WaitForConsensusAsync(options.Authorities + options.Relays, timeout.Token).ConfigureAwait(false);
            foreach (var relay in net._relays)
            {
                await using var c = await relay.ConnectAsync(timeout.Token).ConfigureAwait(false);
                await c.SignalAsync(TorSignal.Reload, timeout.Token).ConfigureAwait(false);
            }
            Phase("consensus lists every relay");
            net._phases.AddRange(phases);
            return net;
        }
        catch (Exception e)
        {
            var diagnostics = net is null ? "" : string.Concat(net.AllProcesses.Select(p => p.Diagnostics(15)));
            if (net is not null) await net.DisposeAsync().ConfigureAwait(false);
            else if (!options.KeepDirectory && options.BaseDirectory is null) TryDelete(baseDir);
            if (e is OperationCanceledException && !ct.IsCancellationRequested)
                throw new TorNetworkException($"the test network did not come up within {options.StartTimeout.TotalSeconds:0} s\n{diagnostics}", e);
            if (e is TorNetworkException) throw new TorNetworkException(e.Message + "\n" + diagnostics, e);
            throw;
        }
    }

    private static async Task Collect(PrivateTorNetwork net, List<Task<TorProcess>> tasks, List<TorProcess> into)
    {
        // Keep every tor that did start, even when another failed, so dispose stops it.
        try { await Task.WhenAll(tasks).ConfigureAwait(false); }
        finally
        {
            lock (net._gate)
                into.AddRange(tasks.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }
    }

    /// <summary>Waits until the first authority's current consensus lists at least
    /// <paramref name="routers"/> relays (authorities count as relays too).</summary>
    public async Task WaitForConsensusAsync(int routers, CancellationToken ct = default)
    {
        await using var c = await _authorities[0].ConnectAsync(ct).ConfigureAwait(false);
        var seen = 0;
        while (true)
        {
            try
            {
                var ns = await c.GetInfoAsync("ns/all", ct).ConfigureAwait(false);
                seen = ns.Split('\n').Count(l => l.StartsWith("r ", StringComparison.Ordinal));
                if (seen >= routers) return;
            }
            catch (OnionGroove.Control.Protocol.ControlCommandException) { /* no consensus yet */ }
            foreach (var p in AllProcesses)
                if (p.HasExited) throw new TorNetworkException($"{p.Name} exited while waiting for the consensus\n{p.Diagnostics()}");
            await Task.Delay(500, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a tor in this network with the given extra torrc lines (e.g. HiddenServiceDir,
    /// HiddenServicePort) and returns without waiting for bootstrap. Its data directory is under
    /// <see cref="BaseDirectory"/>; it is stopped on dispose. <paramref name="torPath"/>: another tor
    /// executable than the network's (e.g. a locally patched one).</summary>
    public async Task<TorProcess> StartTorAsync(IEnumerable<string> extraTorrcLines, string? name = null, bool socks = true,
        CancellationToken ct = default, string? torPath = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        name ??= $"t{Interlocked.Increment(ref _nextName)}";
        var tor = await TorProcess.StartAsync(name, Path.Combine(BaseDirectory, name), [.. TorrcNetworkLines, .. extraTorrcLines],
            new TorProcessOptions { TorPath = torPath ?? _options.TorPath, Socks = socks }, ct).ConfigureAwait(false);
        lock (_gate) _others.Add(tor);
        return tor;
    }

    /// <summary>Starts a client (SOCKS on 127.0.0.1) and waits until it has bootstrapped to 100 %.</summary>
    public async Task<TorProcess> AddClientAsync(CancellationToken ct = default)
    {
        var tor = await StartTorAsync([], name: $"c{Interlocked.Increment(ref _nextName)}", socks: true, ct).ConfigureAwait(false);
        await WaitForBootstrapAsync(tor, ct).ConfigureAwait(false);
        return tor;
    }

    /// <summary>Waits until a tor reports "Bootstrapped 100%" (GETINFO status/bootstrap-phase).</summary>
    public async Task WaitForBootstrapAsync(TorProcess tor, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.BootstrapTimeout);
        try
        {
            await using var c = await tor.ConnectAsync(timeout.Token).ConfigureAwait(false);
            while (true)
            {
                var phase = await c.GetInfoAsync("status/bootstrap-phase", timeout.Token).ConfigureAwait(false);
                if (phase.Contains("PROGRESS=100", StringComparison.Ordinal)) return;
                if (tor.HasExited) throw new TorNetworkException($"{tor.Name} exited while bootstrapping\n{tor.Diagnostics()}");
                await Task.Delay(250, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TorNetworkException($"{tor.Name} did not bootstrap within {_options.BootstrapTimeout.TotalSeconds:0} s\n{tor.Diagnostics()}");
        }
    }

    /// <summary>Stops every process of the network by pid (clients first), then removes the directory
    /// unless <see cref="TorNetworkOptions.KeepDirectory"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        List<TorProcess> others, core;
        lock (_gate)
        {
            others = [.. _others];
            core = [.. _relays, .. _authorities];
        }
        await Task.WhenAll(others.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        await Task.WhenAll(core.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        if (!_options.KeepDirectory) TryDelete(BaseDirectory);
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
