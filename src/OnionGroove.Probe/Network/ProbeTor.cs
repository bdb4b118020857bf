using System.Net;
using OnionGroove.Control;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Launch;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Socks;
using OnionGroove.Control.Transport;
using OnionGroove.Core;

namespace OnionGroove.Probe.Network;

/// <summary>The tor a probe goes through: one it attached to (its control port, as the balancer's
/// <c>--control</c>) or one it launched with <see cref="TorLauncher"/> (a client only, stopped with
/// the probe). Either way a control connection of the probe's own and tor's SOCKS listener.</summary>
public sealed class ProbeTor : IAsyncDisposable
{
    private readonly RunningTor? _launched;

    /// <summary>A data directory to remove once the launched tor has stopped.</summary>
    private string? _temporaryDirectory;

    private ProbeTor(TorController controller, IPEndPoint socks, RunningTor? launched)
    {
        Controller = controller;
        Socks = socks;
        _launched = launched;
    }

    public TorController Controller { get; }
    public IPEndPoint Socks { get; }

    /// <summary>Connects to a running tor. <paramref name="socks"/> overrides the SOCKS listener tor reports.</summary>
    public static async Task<Result<ProbeTor, string>> AttachAsync(ControlEndpoint endpoint, ControlAuth auth, IPEndPoint? socks, CancellationToken ct)
    {
        TorController tor;
        try { tor = await TorController.ConnectAsync(endpoint, auth, null, ct).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ControlAuthenticationException or ControlProtocolException)
        {
            return $"cannot use tor's control port at {endpoint}: {e.Message}";
        }
        return await WithSocksAsync(tor, socks, null, ct).ConfigureAwait(false);
    }

    /// <summary>Starts a client tor in <paramref name="dataDirectory"/> (created 0700; a fresh
    /// temporary one, removed on dispose, when null) with <paramref name="extraTorrc"/> appended, and
    /// waits until it has bootstrapped.</summary>
    public static async Task<Result<ProbeTor, string>> LaunchAsync(string torPath, string? dataDirectory, IReadOnlyList<string> extraTorrc,
        TimeSpan bootstrapTimeout, CancellationToken ct)
    {
        var temporary = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("oniongroove-probe-").FullName;
        var launched = await LaunchInAsync(torPath, dataDirectory, extraTorrc, bootstrapTimeout, ct).ConfigureAwait(false);
        if (!temporary) return launched;
        if (launched.TryGet(out var tor, out _)) tor._temporaryDirectory = dataDirectory;
        else RemoveDirectory(dataDirectory);
        return launched;
    }

    private static async Task<Result<ProbeTor, string>> LaunchInAsync(string torPath, string dataDirectory, IReadOnlyList<string> extraTorrc,
        TimeSpan bootstrapTimeout, CancellationToken ct)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        TorLauncher.CreatePrivateDirectory(dataDirectory);
        var log = Path.Combine(dataDirectory, "tor.log");
        var options = new TorLaunchOptions
        {
            TorPath = torPath,
            TorrcPath = Path.Combine(dataDirectory, "torrc"),
            TorrcLines =
            [
                "# written by oniongroove probe; regenerated at every start",
                $"DataDirectory {dataDirectory}",
                $"ControlSocket {Path.Combine(dataDirectory, "control")}",
                "CookieAuthentication 1",
                $"CookieAuthFile {Path.Combine(dataDirectory, "control_auth_cookie")}",
                "SocksPort 127.0.0.1:auto",
                $"Log notice file {log}",
                "ShutdownWaitLength 0",
                .. extraTorrc,
            ],
            ControlPortFile = Path.Combine(dataDirectory, "control-port"),
            LogFile = log,
        };
        if (!(await TorLauncher.StartAsync(options, ct).ConfigureAwait(false)).TryGet(out var running, out var failure))
            return $"cannot start tor: {failure.Message}";
        try
        {
            var endpoint = running.ControlSocketEndpoint ?? running.ControlEndpoint!;
            var tor = await TorController.ConnectAsync(endpoint, ControlAuth.Auto(), null, ct).ConfigureAwait(false);
            var ready = await running.WaitForAsync(async token =>
                (await tor.GetInfoAsync("status/bootstrap-phase", token).ConfigureAwait(false)).Contains("PROGRESS=100", StringComparison.Ordinal)
                    ? "bootstrapped" : null, "it to bootstrap", bootstrapTimeout, ct).ConfigureAwait(false);
            if (!ready.TryGet(out _, out failure))
            {
                await tor.DisposeAsync().ConfigureAwait(false);
                await running.DisposeAsync().ConfigureAwait(false);
                return failure.Message;
            }
            return await WithSocksAsync(tor, null, running, ct).ConfigureAwait(false);
        }
        catch
        {
            await running.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Result<ProbeTor, string>> WithSocksAsync(TorController tor, IPEndPoint? socks, RunningTor? launched, CancellationToken ct)
    {
        if (socks is null)
        {
            string listeners;
            try { listeners = await tor.GetInfoAsync("net/listeners/socks", ct).ConfigureAwait(false); }
            catch (ControlCommandException) { listeners = ""; }
            socks = SocksListener(listeners);
        }
        if (socks is null)
        {
            await tor.DisposeAsync().ConfigureAwait(false);
            if (launched is not null) await launched.DisposeAsync().ConfigureAwait(false);
            return "tor has no TCP SocksPort to fetch the sites through (give one with --socks HOST:PORT)";
        }
        return new ProbeTor(tor, socks, launched);
    }

    /// <summary>The first TCP listener in GETINFO net/listeners/socks ("127.0.0.1:9050" "unix:/…").</summary>
    internal static IPEndPoint? SocksListener(string listeners) => SocksListeners.Parse(listeners).FirstOrDefault();

    public async ValueTask DisposeAsync()
    {
        await Controller.DisposeAsync().ConfigureAwait(false);
        if (_launched is not null) await _launched.DisposeAsync().ConfigureAwait(false);
        if (_temporaryDirectory is not null) RemoveDirectory(_temporaryDirectory);
    }

    private static void RemoveDirectory(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
