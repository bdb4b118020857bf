using System.Net;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Balancer.Tor;
using OnionGroove.Control;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Launch;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Resilience;
using OnionGroove.Control.Transport;
using OnionGroove.Core;

namespace OnionGroove.Balancer.Daemon;

/// <summary>The long-running balancer: attaches to (or launches) tor, keeps every frontend's
/// descriptors uploaded, reloads its configuration on SIGHUP or when the file changes, serves
/// metrics, and stops cleanly when its token is cancelled (SIGTERM / Ctrl-C). This class keeps the
/// connection to tor and the main loop; the other concerns are its parts: <see cref="EventPump"/>
/// (tor's events into the engine), <see cref="JobRunner"/> (the engine's jobs onto tor),
/// <see cref="NetworkViewTracker"/> (the consensus), <see cref="HealthProbeLoop"/> (probes),
/// <see cref="ConfigReloader"/> (SIGHUP and file changes).</summary>
public sealed class BalancerDaemon : IAsyncDisposable
{
    private readonly DaemonOptions _options;
    private readonly DaemonLog _log;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    /// <summary>The configuration as started: its tor and metrics sections take effect only at start.</summary>
    private readonly BalancerConfig _config;
    private readonly ConfigReloader _reloader;
    private readonly NetworkViewTracker _network;
    private readonly JobRunner _jobs;
    private readonly EventPump _events;
    private readonly HealthProbeLoop _probes;
    private volatile IPEndPoint? _socks;
    private MetricsServer? _metrics;
    private TorSupervisor? _tor;
    private ResilientTorController? _controller;

    public BalancerEngine Engine { get; }
    public IPEndPoint? MetricsEndPoint => _metrics?.LocalEndPoint;
    public TorSupervisor? OwnTor => _tor;
    public int ConnectionCount => _controller?.ConnectionCount ?? 0;

    private BalancerDaemon(DaemonOptions options, BalancerConfig config, IDescriptorCodec codec, INetworkViewSource views, DaemonLog log)
    {
        _options = options;
        _config = config;
        _log = log;
        Engine = new BalancerEngine(codec, options.TestNetwork == true ? BalancerTimings.TestNetwork : BalancerTimings.Live, log.Write);
        _reloader = new ConfigReloader(config, options.ConfigPath, Engine, Wake, log);
        _network = new NetworkViewTracker(views, () => Engine.Timings, log);
        _jobs = new JobRunner(Engine, _network, log);
        _events = new EventPump(Engine, _network, Wake, log);
        _probes = new HealthProbeLoop(Engine, () => _socks, Wake);
    }

    /// <summary>Loads and checks the whole configuration (every key file too). Nothing starts
    /// unless it is entirely valid; otherwise every problem is returned.</summary>
    public static Result<BalancerDaemon, IReadOnlyList<Problem>> Create(DaemonOptions options, IDescriptorCodec codec,
        INetworkViewSource views, DaemonLog log)
    {
        if (!ConfigSet.Load(options.ConfigPath).TryGet(out var set, out var problems)) return Result<BalancerDaemon, IReadOnlyList<Problem>>.Failure(problems);
        var (config, services) = set;
        var extra = new List<Problem>();
        var metrics = options.MetricsListen ?? config.Metrics.Listen;
        if (metrics is not null && metrics != "off" && !IPEndPoint.TryParse(metrics, out _))
            extra.Add(new Problem($"metrics listen address '{metrics}' must be IP:PORT", Source: config.SourcePath));
        var control = options.ControlEndpoint ?? config.Tor.ControlEndpoint;
        if (!ControlEndpoint.Parse(control).TryGet(out _, out var epError)) extra.Add(epError.In(config.SourcePath));
        if (extra.Count > 0)
        {
            foreach (var (_, k) in services) k.Dispose();
            return extra;
        }
        var d = new BalancerDaemon(options, config, codec, views, log);
        d.Engine.ApplyConfig(services);
        return d;
    }

    /// <summary>Asks for a configuration reload at the next opportunity (SIGHUP does this).</summary>
    public void RequestReload() => _reloader.Request();

    private void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken ct)
    {
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx => { ctx.Cancel = true; _log.Write("SIGHUP: reloading the configuration"); RequestReload(); });
        StartMetrics();
        _reloader.WatchFile();

        var executable = _options.TorExecutable ?? _config.Tor.Executable;
        ControlEndpoint endpoint;
        ControlAuth auth;
        if (executable is not null)
        {
            var dataDir = _options.TorDataDirectory ?? _config.Tor.DataDirectory
                ?? Path.Combine(Path.GetDirectoryName(_config.SourcePath) ?? ".", "tor-data");
            // Our own lines: a SocksPort for the health probes, then the operator's.
            _tor = new TorSupervisor(executable, dataDir, "oniongroove balancer", ["SocksPort 127.0.0.1:auto", .. _config.Tor.ExtraTorrcLines], _log.Write);
            endpoint = ControlEndpoint.ForUnix(_tor.ControlSocket);
            auth = ControlAuth.Auto();
        }
        else
        {
            endpoint = ControlEndpoint.Parse(_options.ControlEndpoint ?? _config.Tor.ControlEndpoint).Value; // checked in Create
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

        var pump = Task.Run(() => _events.RunAsync(_controller.Events, ct), CancellationToken.None);
        var health = Task.Run(() => _probes.RunAsync(ct), CancellationToken.None);
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
                await tor.OnionClientAuthAddAsync(id.ToString(), secret, ct: ct);
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
        _network.Reset();
        Engine.ForgetUploadsInFlight();
        Engine.ForceRepublishAll();
        Wake();
    }

    /// <summary>One round of the main loop: a pending reload, then the jobs of the moment once tor
    /// is connected (waiting at most one tick for it).</summary>
    private async Task StepAsync(CancellationToken ct)
    {
        _reloader.ReloadIfRequested();
        var controller = _controller!;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(Engine.Timings.Tick);
        TorController tor;
        try { tor = await controller.GetControllerAsync(wait.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return; }
        await _jobs.RunAsync(tor, DateTimeOffset.UtcNow, ct);
    }

    /// <summary>The tor.cookie_file of the configuration wins over the path PROTOCOLINFO names
    /// (tor may name a path as seen from its own namespace or chroot); SAFECOOKIE, since tor offers
    /// it whenever it offers COOKIE and it also proves that tor knows the cookie.</summary>
    internal static ControlAuth ChooseAuth(TorSettings tor) =>
        tor.ControlPassword is { } pw ? ControlAuth.Password(pw)
        : tor.CookieFile is { } cf ? ControlAuth.SafeCookie(cf)
        : ControlAuth.Auto();

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

    public async ValueTask DisposeAsync()
    {
        _reloader.Dispose();
        if (_metrics is not null) await _metrics.DisposeAsync();
        if (_tor is not null) await _tor.DisposeAsync();
    }
}
