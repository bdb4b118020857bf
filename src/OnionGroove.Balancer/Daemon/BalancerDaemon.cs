using System.Net;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Health;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Balancer.Tor;
using OnionGroove.Control;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Events;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Resilience;
using OnionGroove.Control.Transport;

namespace OnionGroove.Balancer.Daemon;

/// <summary>The long-running balancer: attaches to (or launches) tor, keeps every frontend's
/// descriptors uploaded, reloads its configuration on SIGHUP or when the file changes, serves
/// metrics, and stops cleanly when its token is cancelled (SIGTERM / Ctrl-C).</summary>
public sealed class BalancerDaemon : IAsyncDisposable
{
    private readonly DaemonOptions _options;
    private readonly INetworkViewSource _views;
    private readonly DaemonLog _log;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, DateTimeOffset> _lastProbe = [];
    private BalancerConfig _config;
    private volatile bool _reloadRequested;
    private volatile bool _refetchAll;
    private INetworkView? _view;
    private DateTimeOffset? _viewValidAfter;
    private DateTimeOffset _nextConsensusPoll;
    private IPEndPoint? _socks;
    private MetricsServer? _metrics;
    private TorSupervisor? _tor;
    private ResilientTorController? _controller;
    private FileSystemWatcher? _watcher;

    public BalancerEngine Engine { get; }
    public IPEndPoint? MetricsEndPoint => _metrics?.LocalEndPoint;
    public TorSupervisor? OwnTor => _tor;
    public int ConnectionCount => _controller?.ConnectionCount ?? 0;

    private BalancerDaemon(DaemonOptions options, BalancerConfig config, IDescriptorCodec codec, INetworkViewSource views, DaemonLog log)
    {
        _options = options;
        _config = config;
        _views = views;
        _log = log;
        Engine = new BalancerEngine(codec, options.TestNetwork == true ? BalancerTimings.TestNetwork : BalancerTimings.Live, log.Write);
    }

    /// <summary>Loads and checks the whole configuration (every key file too). Nothing starts
    /// unless it is entirely valid; otherwise every problem is returned.</summary>
    public static (BalancerDaemon? Daemon, IReadOnlyList<ConfigProblem> Problems) Create(DaemonOptions options, IDescriptorCodec codec,
        INetworkViewSource views, DaemonLog log)
    {
        var (config, services, problems) = ConfigSet.Load(options.ConfigPath);
        if (config is null) return (null, problems);
        var extra = new List<ConfigProblem>();
        var metrics = options.MetricsListen ?? config.Metrics.Listen;
        if (metrics is not null && metrics != "off" && !IPEndPoint.TryParse(metrics, out _))
            extra.Add(new ConfigProblem(config.SourcePath, 0, $"metrics listen address '{metrics}' must be IP:PORT"));
        var control = options.ControlEndpoint ?? config.Tor.ControlEndpoint;
        if (!ControlEndpoint.TryParse(control, out _, out var epError)) extra.Add(new ConfigProblem(config.SourcePath, 0, epError!));
        if (extra.Count > 0)
        {
            foreach (var (_, k) in services) k.Dispose();
            return (null, extra);
        }
        var d = new BalancerDaemon(options, config, codec, views, log);
        d.Engine.ApplyConfig(services);
        return (d, []);
    }

    /// <summary>Asks for a configuration reload at the next opportunity (SIGHUP does this).</summary>
    public void RequestReload()
    {
        _reloadRequested = true;
        Wake();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken ct)
    {
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx => { ctx.Cancel = true; _log.Write("SIGHUP: reloading the configuration"); RequestReload(); });
        StartMetrics();
        WatchConfigFile();

        var executable = _options.TorExecutable ?? _config.Tor.Executable;
        ControlEndpoint endpoint;
        ControlAuth auth;
        if (executable is not null)
        {
            var dataDir = _options.TorDataDirectory ?? _config.Tor.DataDirectory
                ?? Path.Combine(Path.GetDirectoryName(_config.SourcePath) ?? ".", "tor-data");
            _tor = new TorSupervisor(executable, dataDir, _config.Tor.ExtraTorrcLines, _log.Write);
            endpoint = ControlEndpoint.ForUnix(_tor.ControlSocket);
            auth = ControlAuth.Auto();
        }
        else
        {
            endpoint = ControlEndpoint.Parse(_options.ControlEndpoint ?? _config.Tor.ControlEndpoint);
            auth = ChooseAuth(_config.Tor);
        }
        _log.Write($"attaching to tor at {endpoint} (authentication: {auth})");
        var failures = new ControlFailureLog(endpoint.ToString(), _log.Write);

        _controller = ResilientTorController.Start(new ResilientTorControllerOptions(endpoint)
        {
            Auth = auth,
            Events = ["HS_DESC", "HS_DESC_CONTENT"],
            MaxBackoff = TimeSpan.FromSeconds(10),
            OnConnected = async (tor, reconnect, ct) =>
            {
                failures.Connected();
                await OnConnectedAsync(tor, reconnect, ct);
            },
            OnDisconnected = e =>
            {
                // A live connection that ends is logged here; attempts that fail (tor still down,
                // refused, wrong password) once per cause by the failure log.
                if (Engine.TorConnected) _log.Write($"lost tor's control connection: {e.Message}");
                else failures.Failed(e);
                Engine.TorConnected = false;
            },
        });

        var pump = Task.Run(() => PumpEventsAsync(ct), CancellationToken.None);
        var health = Task.Run(() => HealthLoopAsync(ct), CancellationToken.None);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try { await StepAsync(ct); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                catch (ControlProtocolException e) { _log.Write($"tor connection problem: {e.Message}"); }
                catch (ControlCommandException e) { _log.Write($"tor refused a command: {e.Message}"); }
                // Nothing else may end the loop: a daemon that stops itself while its process runs on
                // publishes nothing and says nothing (a connection disposed under a step did that).
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    _log.Write($"unexpected error, carrying on: {e.GetType().Name}: {e.Message}");
                }

                var sleep = Engine.Timings.Tick;
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(sleep);
                try { await _wake.Reader.ReadAsync(cts.Token); }
                catch (OperationCanceledException) { }
            }
        }
        finally
        {
            _log.Write("stopping");
            await _controller.DisposeAsync();
            try { await Task.WhenAll(pump, health).WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { }
            if (_tor is not null) await _tor.DisposeAsync();
            _tor = null;
            _log.Write("stopped");
        }
    }

    private async Task OnConnectedAsync(TorController tor, bool reconnect, CancellationToken ct)
    {
        Engine.TorConnected = true;
        if (_options.TestNetwork is null && (await tor.IsTestingNetworkAsync(ct)).TryGet(out var isTest, out _))
        {
            Engine.Timings = isTest ? BalancerTimings.TestNetwork : BalancerTimings.Live;
            if (!reconnect && isTest) _log.Write("tor is in a test network (TestingTorNetwork 1): using test-network timings");
        }
        foreach (var (id, key) in Engine.BackendClientKeys())
        {
            var secret = new byte[32];
            try
            {
                key.Key.ExportSecret(secret);
                await tor.OnionClientAuthAddAsync(id, secret, ct: ct);
            }
            catch (ControlCommandException e) { _log.Write($"tor refused the client key for backend {id}: {e.Message}"); }
            finally { System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret); }
        }
        try
        {
            var socks = await tor.GetInfoAsync("net/listeners/socks", ct);
            var first = socks.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim('"');
            _socks = first is not null && IPEndPoint.TryParse(first, out var ep) ? ep : null;
        }
        catch (ControlCommandException) { _socks = null; }
        _log.Write(reconnect ? "reconnected to tor: uploading every descriptor again" : "connected to tor");
        // A restarted tor forgot everything: rebuild the network view and republish.
        _view = null;
        _viewValidAfter = null;
        _nextConsensusPoll = DateTimeOffset.MinValue;
        _refetchAll = true;
        Engine.ForceRepublishAll();
        Wake();
    }

    private async Task StepAsync(CancellationToken ct)
    {
        if (_reloadRequested)
        {
            _reloadRequested = false;
            Reload();
        }
        var controller = _controller!;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(Engine.Timings.Tick);
        TorController tor;
        try { tor = await controller.GetControllerAsync(wait.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return; }

        var now = DateTimeOffset.UtcNow;
        if (now >= _nextConsensusPoll)
        {
            _nextConsensusPoll = now + Engine.Timings.ConsensusPoll;
            var validAfter = await _views.ValidAfterAsync(tor, ct);
            if (validAfter is null)
            {
                if (_view is null) _log.Write("tor has no usable consensus yet; waiting");
            }
            else if (validAfter != _viewValidAfter)
            {
                var (view, error) = await _views.LoadAsync(tor, ct);
                if (view is null) _log.Write($"cannot use tor's consensus: {error}");
                else
                {
                    var periodChanged = _view is null || !_view.CandidatePeriods.SequenceEqual(view.CandidatePeriods);
                    _view = view;
                    _viewValidAfter = validAfter;
                    // New period or SRV: backends rotate their descriptors, fetch them again soon.
                    if (periodChanged) _refetchAll = true;
                }
            }
        }
        if (_view is null) return;

        var all = _refetchAll;
        _refetchAll = false;
        foreach (var backend in Engine.BackendsToFetch(now, all))
        {
            try { await tor.HsFetchAsync(backend, ct: ct); }
            catch (ControlCommandException e) { _log.Write($"HSFETCH {backend} refused: {e.Message}"); }
        }

        foreach (var job in Engine.PlanPublishes(_view, now))
        {
            try { await tor.HsPostAsync(job.Descriptor, job.HsDirs.Select(h => "$" + h), job.ServiceId, ct); }
            catch (ControlCommandException e)
            {
                _log.Write($"HSPOST for {job.ServiceId}.onion refused: {e.Message}");
                Engine.OnPostFailed(job, e.Message, now);
            }
        }
    }

    /// <summary>The tor.cookie_file of the configuration wins over the path PROTOCOLINFO names
    /// (tor may name a path as seen from its own namespace or chroot); SAFECOOKIE, since tor offers
    /// it whenever it offers COOKIE and it also proves that tor knows the cookie.</summary>
    internal static ControlAuth ChooseAuth(TorSettings tor) =>
        tor.ControlPassword is { } pw ? ControlAuth.Password(pw)
        : tor.CookieFile is { } cf ? ControlAuth.SafeCookie(cf)
        : ControlAuth.Auto();

    private void Reload()
    {
        var (config, services, problems) = ConfigSet.Load(_options.ConfigPath);
        if (config is null)
        {
            _log.Write($"configuration NOT reloaded, {problems.Count} problem(s); still running the previous one:");
            foreach (var p in problems) _log.Write("  " + p);
            return;
        }
        try
        {
            if (!SameTor(config.Tor, _config.Tor)) _log.Write("note: changes to the 'tor' section take effect after a restart");
            Engine.ApplyConfig(services);
            _config = config;
            _log.Write($"configuration reloaded: {services.Count} service(s), {services.Sum(s => s.Item1.Instances.Count)} backend(s)");
        }
        catch (Exception e)
        {
            // Keys are not disposed here: the engine may already hold some of them.
            _log.Write($"configuration NOT reloaded ({e.GetType().Name}: {e.Message}); still running the previous one");
        }
    }

    private static bool SameTor(TorSettings a, TorSettings b) =>
        a with { ExtraTorrcLines = [] } == b with { ExtraTorrcLines = [] } && a.ExtraTorrcLines.SequenceEqual(b.ExtraTorrcLines);

    private async Task PumpEventsAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var e in _controller!.Events.ReadAllAsync(ct))
            {
                // One bad event must not end the pump: without it no upload is ever confirmed.
                try { OnEvent(e); }
                catch (Exception x) { _log.Write($"unexpected error handling {e.GetType().Name}, carrying on: {x.GetType().Name}: {x.Message}"); }
            }
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    private void OnEvent(TorEvent e)
    {
        var now = DateTimeOffset.UtcNow;
        switch (e)
        {
            case HsDescContentEvent c when Engine.IsBackend(c.Address):
                if (Engine.OnDescriptorContent(c.Address, c.Descriptor, _view, now)) Wake();
                break;
            case HsDescEvent { Action: HsDescAction.Uploaded } u when Engine.IsFrontend(u.Address):
                Engine.OnUploadResult(u.Address, u.HsDirFingerprint ?? u.HsDir, true, null, now);
                break;
            case HsDescEvent { Action: HsDescAction.Failed } f when Engine.IsFrontend(f.Address):
                Engine.OnUploadResult(f.Address, f.HsDirFingerprint ?? f.HsDir, false, f.Reason, now);
                Wake();
                break;
            case HsDescEvent { Action: HsDescAction.Failed, Reason: "BAD_DESC" } bad when Engine.IsBackend(bad.Address):
                Engine.OnBackendDescriptorRejectedByTor(bad.Address, bad.HsDirFingerprint ?? bad.HsDir);
                break;
            case HsDescEvent { Action: HsDescAction.Created or HsDescAction.Uploaded } b when Engine.IsBackend(b.Address):
                // A backend served by this same tor just made or uploaded a descriptor: fetch it now.
                _refetchAll = true;
                Wake();
                break;
        }
    }

    /// <summary>Probes backends through tor's SocksPort. One probe per (backend, port) serves every
    /// service that lists the backend (100 sites on the same backends must not open 100 circuits
    /// per interval), and each probe runs on its own: a probe waiting out its timeout on a dead
    /// backend does not hold back the others' schedule.</summary>
    private async Task HealthLoopAsync(CancellationToken ct)
    {
        var inFlight = new Dictionary<(string Backend, int Port), Task>();
        while (!ct.IsCancellationRequested)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(1), ct); } catch (OperationCanceledException) { break; }
            foreach (var done in inFlight.Where(kv => kv.Value.IsCompleted).Select(kv => kv.Key).ToList()) inFlight.Remove(done);
            if (_socks is not { } socks || !Engine.TorConnected) continue;
            var now = DateTimeOffset.UtcNow;
            foreach (var group in Engine.HealthChecks().GroupBy(h => (h.Backend, h.Check.Port)))
            {
                if (inFlight.ContainsKey(group.Key)) continue;
                var due = group.Any(h => h.ProbeNow)
                          || !_lastProbe.TryGetValue(group.Key.Backend + ":" + group.Key.Port, out var t)
                          || now - t >= group.Min(h => h.Check.Interval);
                if (!due) continue;
                _lastProbe[group.Key.Backend + ":" + group.Key.Port] = now;
                var services = group.Select(h => h.ServiceId).ToList();
                var timeout = group.Max(h => h.Check.Timeout);
                inFlight[group.Key] = ProbeAsync(socks, group.Key.Backend, group.Key.Port, timeout, services, ct);
            }
        }
        try { await Task.WhenAll(inFlight.Values).WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
    }

    private async Task ProbeAsync(IPEndPoint socks, string backend, int port, TimeSpan timeout, List<string> services, CancellationToken ct)
    {
        try
        {
            var r = await SocksProbe.ProbeAsync(socks, backend + ".onion", port, timeout, ct);
            var at = DateTimeOffset.UtcNow;
            foreach (var service in services) Engine.OnHealthResult(service, backend, r.Reachable, r.Detail, at);
            if (!r.Reachable) Wake();
        }
        catch (OperationCanceledException) { }
    }

    private void StartMetrics()
    {
        var listen = _options.MetricsListen ?? _config.Metrics.Listen;
        if (listen is null || listen == "off") return;
        try
        {
            _metrics = MetricsServer.Start(IPEndPoint.Parse(listen), () => PrometheusText.Render(Engine.Status(DateTimeOffset.UtcNow)));
            _log.Write($"metrics on http://{_metrics.LocalEndPoint}/metrics");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            _log.Write($"cannot listen for metrics on {listen}: {e.Message} (continuing without metrics)");
        }
    }

    private void WatchConfigFile()
    {
        var dir = Path.GetDirectoryName(_config.SourcePath)!;
        var name = Path.GetFileName(_config.SourcePath);
        try
        {
            _watcher = new FileSystemWatcher(dir, name) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            FileSystemEventHandler changed = (_, _) => RequestReload();
            _watcher.Changed += changed;
            _watcher.Created += changed;
            _watcher.Renamed += (_, _) => RequestReload();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            _log.Write($"cannot watch {_config.SourcePath} for changes ({e.Message}); reload with SIGHUP");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        if (_metrics is not null) await _metrics.DisposeAsync();
        if (_tor is not null) await _tor.DisposeAsync();
    }
}
