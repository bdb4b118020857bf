using System.Net;
using System.Security.Cryptography;
using OnionGroove.Control;
using OnionGroove.Control.Launch;
using OnionGroove.Control.Onion;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Resilience;
using OnionGroove.Core;
using OnionGroove.Core.IO;
using OnionGroove.Crypto.Keys;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Node;
using OnionGroove.Mesh.Tor;

namespace OnionGroove.Mesh.Agent;

/// <summary>How the agent watches and times out.</summary>
public sealed record MeshAgentOptions
{
    /// <summary>How often mesh.yml is looked at for changes (content compared, not only the time).</summary>
    public TimeSpan ConfigPollInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>How long tor may take to open a stream for an import.</summary>
    public TimeSpan StreamTimeout { get; init; } = TimeSpan.FromSeconds(120);
}

/// <summary>
/// `mesh agent run`: launches (and restarts) or attaches to tor; publishes the exports as one
/// ephemeral onion service with the node's key and the authorised clients (ADD_ONION with
/// Flags=V3Auth and a ClientAuthV3 per client, control-spec §3.27); gives tor each remote's client
/// key (ONION_CLIENT_AUTH_ADD, §3.30); serves the imports. Changes to mesh.yml are applied while it
/// runs, on the same tor: a changed set of exports or clients re-adds the service (DEL_ONION then
/// ADD_ONION; removing the service closes its circuits, so a revoked client is cut off at once),
/// remotes are added and removed, import listeners opened and closed. The service is not detached:
/// it goes with the control connection, and after a reconnection (tor restarted) everything is
/// applied again.
/// </summary>
public sealed class MeshAgent : IAsyncDisposable
{
    private readonly MeshNode _node;
    private readonly IdentitySecretKey _key;
    private readonly Action<string> _log;
    private readonly MeshAgentOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TorSupervisor? _supervisor;
    private readonly ResilientTorController _tor;
    private readonly Dictionary<(string Remote, int Port), ImportForwarder> _imports = [];
    private Task _watch = Task.CompletedTask;
    private byte[] _configHash = [];

    private MeshConfig _desired;
    // What tor has now (null: nothing since the last connection).
    private MeshConfig? _applied;
    private TorController? _appliedOn;
    private string? _serviceId;
    private IPEndPoint? _socks;

    public MeshConfig Config => _desired;
    /// <summary>The service id tor publishes now, or null (no exports, no clients, or tor down).</summary>
    public string? PublishedServiceId => _serviceId;
    /// <summary>How many times the configuration was applied to tor (a test waits on it).</summary>
    public int Applications { get; private set; }
    /// <summary>How many control connections were made (more than one after tor restarted).</summary>
    public int Connections => _tor.ConnectionCount;
    /// <summary>The launched tor's pid (launch mode).</summary>
    public int? TorPid => _supervisor?.Pid;
    public string? LastError { get; private set; }

    private MeshAgent(MeshNode node, IdentitySecretKey key, Action<string> log, MeshAgentOptions options)
    {
        _node = node; _key = key; _log = log; _options = options; _desired = node.Config;
        if (node.Config.Tor.Launches)
            _supervisor = new TorSupervisor(node.Config.Tor.Executable!, node.TorDirectory, MeshTorAccess.WrittenBy,
                MeshTorAccess.TorrcLines(node.Config.Tor, node.Config.Anonymity), log);
        var access = MeshTorAccess.For(node);
        _tor = ResilientTorController.Start(new ResilientTorControllerOptions(access.Endpoint)
        {
            Auth = access.Auth,
            MaxBackoff = TimeSpan.FromSeconds(5),
            OnConnected = OnConnectedAsync,
            // Before the first connection a launched tor is still starting: not worth a line each try.
            OnDisconnected = e => { if (!_stop.IsCancellationRequested && _tor?.ConnectionCount > 0) Log($"tor control connection lost: {e.Message}"); },
        });
    }

    /// <summary>Opens the node and starts the agent; problems mean nothing was started.</summary>
    public static Result<MeshAgent, IReadOnlyList<Problem>> Start(string directory, Action<string> log, MeshAgentOptions? options = null)
    {
        if (!MeshNode.Open(directory).TryGet(out var node, out var problems)) return Result<MeshAgent, IReadOnlyList<Problem>>.Failure(problems);
        if (!node.ReadKey().TryGet(out var key, out var keyProblem)) return Result<MeshAgent, IReadOnlyList<Problem>>.Failure([keyProblem]);
        foreach (var r in node.Config.Remotes)
        {
            if (!node.ReadRemoteKey(r).TryGet(out var rk, out var rp)) { key.Dispose(); return Result<MeshAgent, IReadOnlyList<Problem>>.Failure([rp]); }
            rk.Dispose();
        }
        var agent = new MeshAgent(node, key, log, options ?? new MeshAgentOptions());
        agent._configHash = agent.HashConfigFile() ?? [];
        agent.UpdateImports(node.Config);
        agent._watch = Task.Run(agent.WatchAsync);
        AgentPidFile.Write(node.Directory);
        agent.Log($"node {node.Config.Address} ({Describe(node.Config.Anonymity)}), {(node.Config.Tor.Launches ? "launching tor " + node.Config.Tor.Executable : "attaching to tor at " + node.Config.Tor.Control)}");
        return agent;
    }

    public static string Describe(AnonymityMode mode) => mode == AnonymityMode.TorOnly
        ? "tor-only: every connection goes through tor"
        : "single-hop: NOT anonymous, lower latency";

    /// <summary>Waits until tor is connected and the configuration applied (for tests and start-up logs).</summary>
    public async Task WaitAppliedAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && !ReferenceEquals(_applied, _desired)) await Task.Delay(100, ct).ConfigureAwait(false);
    }

    private async Task OnConnectedAsync(TorController tor, bool reconnect, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (reconnect) Log("tor control connection back: applying the node again");
            // A new connection has none of our ephemeral state.
            _applied = null; _serviceId = null; _socks = null;
            await ApplyAsync(tor, _desired, ct).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Brings tor from <see cref="_applied"/> to <paramref name="next"/>; the caller holds the gate.</summary>
    private async Task ApplyAsync(TorController tor, MeshConfig next, CancellationToken ct)
    {
        var prev = _appliedOn == tor ? _applied : null;
        // Remotes: tor's client-side keys.
        var nextRemotes = next.Remotes.Select(r => r with { Line = 0 }).ToHashSet();
        var prevRemotes = (prev?.Remotes ?? []).Select(r => r with { Line = 0 }).ToHashSet();
        foreach (var r in prevRemotes)
            if (!nextRemotes.Contains(r))
                await Quietly(() => tor.OnionClientAuthRemoveAsync(r.Address.ServiceId, ct), $"remove client key for remote {r.Name}").ConfigureAwait(false);
        foreach (var r in next.Remotes)
        {
            if (prevRemotes.Contains(r with { Line = 0 })) continue;
            if (!_node.ReadRemoteKey(r).TryGet(out var rk, out var problem)) { Log(problem.Message); continue; }
            using (rk)
            {
                var secret = new byte[32];
                try
                {
                    rk.Key.ExportSecret(secret);
                    await Quietly(() => tor.OnionClientAuthAddAsync(r.Address.ServiceId, secret, r.Name.Replace('-', '_'), ct: ct), $"add client key for remote {r.Name}").ConfigureAwait(false);
                }
                finally { CryptographicOperations.ZeroMemory(secret); }
            }
        }

        // The node's own service.
        var serviceChanged = prev is null || prev.Anonymity != next.Anonymity
            || !prev.Exports.Select(e => e with { Line = 0 }).SequenceEqual(next.Exports.Select(e => e with { Line = 0 }))
            || !prev.Clients.Select(c => (c.Name, c.Key.ToBase32())).SequenceEqual(next.Clients.Select(c => (c.Name, c.Key.ToBase32())));
        if (serviceChanged)
        {
            if (_serviceId is { } old)
            {
                await Quietly(() => tor.DelOnionAsync(old, ct), "remove the node's onion service").ConfigureAwait(false);
                _serviceId = null;
                // DEL_ONION closes the introduction circuits only; connected clients keep their
                // rendezvous circuits. A revoked client (or a withdrawn port) must lose its streams
                // now, and v3 client authorisation does not tell the service which circuit is whose:
                // every client's circuits are closed, and the others reconnect.
                if (prev is not null && Revokes(prev, next))
                {
                    var closed = 0;
                    try
                    {
                        foreach (var circuit in await tor.GetServiceRendezvousCircuitsAsync(old, ct).ConfigureAwait(false))
                            if (await tor.CloseCircuitAsync(circuit, ct).ConfigureAwait(false)) closed++;
                    }
                    catch (ControlCommandException e) { Error($"closing the clients' circuits: {e.Message}"); }
                    Log($"closed {closed} client circuit(s): access was withdrawn");
                }
            }
            var isPublic = next.Exports.Count > 0 && next.Exports.All(e => e.Public);
            if (next.Exports.Count == 0) Log("no exports: the node's onion service is not published");
            else if (!isPublic && next.Clients.Count == 0) Log("no clients authorised: the node's onion service is not published (add one with `oniongroove mesh client add NAME`)");
            else
            {
                using var key = OnionServiceKey.FromSecretKey(_key);
                var flags = AddOnionFlags.DiscardPK | (isPublic ? AddOnionFlags.None : AddOnionFlags.V3Auth)
                            | (next.Anonymity == AnonymityMode.SingleHop ? AddOnionFlags.NonAnonymous : AddOnionFlags.None);
                var request = new AddOnionRequest(key)
                {
                    Flags = flags,
                    Ports = [.. next.Exports.Select(e => new OnionPort(e.Port, e.Target.ToString()))],
                    ClientAuthV3 = isPublic ? [] : [.. next.Clients.Select(c => c.Key.ToBase32())],
                };
                try
                {
                    var added = await tor.AddOnionAsync(request, ct).ConfigureAwait(false);
                    _serviceId = added.ServiceId;
                    Log($"published {added.ServiceId}.onion: ports {string.Join(", ", next.Exports.Select(e => e.Port))}, "
                        + (isPublic ? "public" : $"{next.Clients.Count} authorised client(s): {string.Join(", ", next.Clients.Select(c => c.Name))}"));
                }
                catch (ControlCommandException e) { Error($"tor refused the node's onion service: {e.Message}"); }
            }
        }

        if (next.Anonymity == AnonymityMode.TorOnly && next.Remotes.Count > 0 && _socks is null)
        {
            if ((await TorSocksListener.FindAsync(tor, ct).ConfigureAwait(false)).TryGet(out var socks, out var noSocks)) _socks = socks;
            else Error(noSocks.Message);
        }
        _applied = next;
        _appliedOn = tor;
        Applications++;
    }

    /// <summary>True when <paramref name="next"/> takes away access <paramref name="prev"/> gave:
    /// a client removed (or its key changed), an export removed or retargeted, the mode changed.</summary>
    private static bool Revokes(MeshConfig prev, MeshConfig next)
    {
        var keys = next.Clients.Select(c => c.Key.ToBase32()).ToHashSet(StringComparer.Ordinal);
        var exports = next.Exports.Select(e => (e.Port, e.Target.ToString(), e.Public)).ToHashSet();
        return prev.Anonymity != next.Anonymity
               || prev.Clients.Any(c => !keys.Contains(c.Key.ToBase32()))
               || prev.Exports.Any(e => !exports.Contains((e.Port, e.Target.ToString(), e.Public)));
    }

    private async Task Quietly(Func<Task> command, string what)
    {
        try { await command().ConfigureAwait(false); }
        catch (ControlCommandException e) { Error($"{what}: {e.Message}"); }
    }

    /// <summary>tor's SOCKS endpoint for imports (found once per connection).</summary>
    private async Task<Result<IPEndPoint, Problem>> SocksAsync(CancellationToken ct)
    {
        if (_socks is { } s) return s;
        if (_desired.Anonymity != AnonymityMode.TorOnly) return new Problem("a single-hop node has no SOCKS port");
        try
        {
            var tor = await _tor.GetControllerAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            var found = await TorSocksListener.FindAsync(tor, ct).ConfigureAwait(false);
            if (found.TryGet(out var ep, out _)) _socks = ep;
            return found;
        }
        catch (TimeoutException) { return new Problem("tor is not connected"); }
        catch (ControlProtocolException e) { return new Problem($"tor's control connection broke: {e.Message}"); }
    }

    private void UpdateImports(MeshConfig next)
    {
        var wanted = next.Imports.ToDictionary(i => (i.Remote, i.Port));
        foreach (var (k, f) in _imports.ToList())
        {
            var address = next.Remotes.FirstOrDefault(r => r.Name == k.Remote)?.Address.ToString();
            if (wanted.TryGetValue(k, out var i) && i.Listen == f.Import.Listen && address == f.Host) continue;
            _imports.Remove(k);
            f.DisposeAsync().AsTask().Wait();
            Log($"import {k.Remote}:{k.Port} stopped");
        }
        foreach (var i in next.Imports)
        {
            if (_imports.ContainsKey((i.Remote, i.Port))) continue;
            var remote = next.Remotes.First(r => r.Name == i.Remote);
            if (ImportForwarder.Start(i, remote.Address.ToString(), SocksAsync, Log, _options.StreamTimeout).TryGet(out var f, out var problem))
            {
                _imports[(i.Remote, i.Port)] = f;
                Log($"import {i.Remote}:{i.Port} listening on {i.Listen}");
            }
            else Error(problem.Message);
        }
    }

    private async Task WatchAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(_options.ConfigPollInterval, stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            try { await CheckOnceAsync(stop).ConfigureAwait(false); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception e) when (e is ControlProtocolException or IOException) { Log($"applying the configuration: {e.Message} (tried again shortly)"); }
        }
    }

    /// <summary>Reads mesh.yml if it changed; applies a valid new configuration, keeps the old one
    /// (and says why) when it is not.</summary>
    private async Task CheckOnceAsync(CancellationToken ct)
    {
        if (HashConfigFile() is { } hash && !hash.AsSpan().SequenceEqual(_configHash))
        {
            _configHash = hash;
            if (!MeshConfigParser.LoadFile(_node.ConfigPath).TryGet(out var next, out var problems))
            {
                foreach (var p in problems) Error($"configuration refused, the running one stays: {p}");
            }
            else if (next.Address != _desired.Address || next.Tor != _desired.Tor && !SameTor(next.Tor, _desired.Tor) || next.Anonymity != _desired.Anonymity)
                Error("the node's address, tor settings or anonymity mode changed: restart the agent to apply them (the rest is applied live)");
            else
            {
                Log("configuration changed: applying");
                await _gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    _desired = next;
                    UpdateImports(next);
                }
                finally { _gate.Release(); }
            }
        }
        if (ReferenceEquals(_applied, _desired)) return;
        var ready = _tor.GetControllerAsync(ct);
        if (!ready.IsCompletedSuccessfully) return; // OnConnected applies it
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(_applied, _desired)) await ApplyAsync(ready.Result, _desired, ct).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    private static bool SameTor(MeshTorSettings a, MeshTorSettings b) =>
        a with { TorrcLines = [] } == b with { TorrcLines = [] } && a.TorrcLines.SequenceEqual(b.TorrcLines);

    private byte[]? HashConfigFile() =>
        SafeFile.Read(_node.ConfigPath, MeshConfigParser.MaxBytes, followLink: true).TryGet(out var bytes, out _) ? SHA256.HashData(bytes) : null;

    private void Log(string message) => _log(message);

    private void Error(string message)
    {
        LastError = message;
        _log(message);
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Cancel();
        try { await _watch.ConfigureAwait(false); } catch (OperationCanceledException) { }
        foreach (var f in _imports.Values) await f.DisposeAsync().ConfigureAwait(false);
        _imports.Clear();
        await _tor.DisposeAsync().ConfigureAwait(false);
        if (_supervisor is not null) await _supervisor.DisposeAsync().ConfigureAwait(false);
        _key.Dispose();
        _stop.Dispose();
        AgentPidFile.Remove(_node.Directory);
    }
}
