using OnionGroove.Control.Auth;
using OnionGroove.Control.Events;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Transport;

namespace OnionGroove.Control;

/// <summary>An authenticated control connection with typed commands (control-spec §3). Every
/// command throws <see cref="ControlCommandException"/> when tor refuses it and
/// <see cref="ControlProtocolException"/> when the connection breaks.</summary>
public sealed partial class TorController : IAsyncDisposable
{
    /// <summary>The underlying connection, for raw commands (<see cref="TorControlConnection.SendAsync"/>).</summary>
    public TorControlConnection Connection { get; }

    /// <summary>The PROTOCOLINFO answer seen while authenticating.</summary>
    public ProtocolInfo ProtocolInfo { get; }

    private TorController(TorControlConnection connection, ProtocolInfo info)
    {
        Connection = connection;
        ProtocolInfo = info;
    }

    /// <summary>Connects and authenticates (default: <see cref="ControlAuth.Auto"/> without password).</summary>
    public static async Task<TorController> ConnectAsync(ControlEndpoint endpoint, ControlAuth? auth = null,
        ControlLimits? limits = null, CancellationToken ct = default)
    {
        var connection = await TorControlConnection.ConnectAsync(endpoint, limits, ct).ConfigureAwait(false);
        try
        {
            return await AuthenticateAsync(connection, auth, ct).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Authenticates an open connection and wraps it.</summary>
    public static async Task<TorController> AuthenticateAsync(TorControlConnection connection, ControlAuth? auth = null,
        CancellationToken ct = default)
    {
        var info = await Authenticator.AuthenticateAsync(connection, auth ?? ControlAuth.Auto(), ct).ConfigureAwait(false);
        return new TorController(connection, info);
    }

    /// <summary>Receives events; enable them with <see cref="SetEventsAsync"/>.</summary>
    public EventSubscription SubscribeEvents(int capacity = 4096) => Connection.SubscribeEvents(capacity);

    public Task<Exception?> Closed => Connection.Closed;

    /// <summary>GETINFO for one key (control-spec §3.9); data replies come back with lines joined by "\n".</summary>
    public async Task<string> GetInfoAsync(string key, CancellationToken ct = default)
    {
        var values = await GetInfoAsync([key], ct).ConfigureAwait(false);
        return values.TryGetValue(key, out var v) ? v
            : throw new ControlProtocolException($"GETINFO reply lacks {key}");
    }

    /// <summary>GETINFO for several keys in one command.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetInfoAsync(IEnumerable<string> keys, CancellationToken ct = default)
    {
        var list = keys.ToList();
        if (list.Count == 0) throw new ArgumentException("no keys", nameof(keys));
        foreach (var k in list) ValidateWord(k, nameof(keys));
        var reply = await Connection.ExecuteAsync("GETINFO " + string.Join(' ', list), null, ct).ConfigureAwait(false);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in reply.Lines)
        {
            if (line.IsEnd && line.Text == "OK") continue;
            var eq = line.Text.IndexOf('=');
            if (eq <= 0) throw new ControlProtocolException($"malformed GETINFO line: {line.Text}");
            var key = line.Text[..eq];
            var value = line.HasData ? line.Data! : line.Text[(eq + 1)..];
            result[key] = value;
        }
        return result;
    }

    /// <summary>GETCONF (control-spec §3.3): (key, value) pairs in tor's order; a null value means
    /// the option is unset/default; an option set several times appears several times.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string?>>> GetConfAsync(IEnumerable<string> keys, CancellationToken ct = default)
    {
        var list = keys.ToList();
        if (list.Count == 0) throw new ArgumentException("no keys", nameof(keys));
        foreach (var k in list) ValidateWord(k, nameof(keys));
        var reply = await Connection.ExecuteAsync("GETCONF " + string.Join(' ', list), null, ct).ConfigureAwait(false);
        var result = new List<KeyValuePair<string, string?>>();
        foreach (var line in reply.Lines)
        {
            var eq = line.Text.IndexOf('=');
            if (eq < 0) { result.Add(new(line.Text, null)); continue; }
            var raw = line.Text[(eq + 1)..];
            var value = raw.StartsWith('"') && ControlQuoting.Unquote(raw).TryGet(out var uq, out _) ? uq : raw;
            result.Add(new(line.Text[..eq], value));
        }
        return result;
    }

    /// <summary>The values of one option (empty when unset).</summary>
    public async Task<IReadOnlyList<string>> GetConfAsync(string key, CancellationToken ct = default) =>
        (await GetConfAsync([key], ct).ConfigureAwait(false))
            .Where(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase) && kv.Value is not null)
            .Select(kv => kv.Value!).ToList();

    /// <summary>SETCONF (control-spec §3.1): all pairs at once; a null value resets that option.
    /// Repeat a key to give a list option several values.</summary>
    public Task SetConfAsync(IEnumerable<KeyValuePair<string, string?>> settings, CancellationToken ct = default) =>
        Connection.ExecuteAsync(ConfLine("SETCONF", settings), null, ct);

    public Task SetConfAsync(string key, string? value, CancellationToken ct = default) =>
        SetConfAsync([new KeyValuePair<string, string?>(key, value)], ct);

    /// <summary>RESETCONF (control-spec §3.2): back to defaults.</summary>
    public Task ResetConfAsync(IEnumerable<string> keys, CancellationToken ct = default) =>
        Connection.ExecuteAsync(ConfLine("RESETCONF", keys.Select(k => new KeyValuePair<string, string?>(k, null))), null, ct);

    private static string ConfLine(string command, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var parts = new List<string> { command };
        foreach (var (k, v) in settings)
        {
            ValidateWord(k, nameof(settings));
            parts.Add(v is null ? k : k + "=" + ControlQuoting.Quote(v));
        }
        if (parts.Count == 1) throw new ArgumentException("nothing to set", nameof(settings));
        return string.Join(' ', parts);
    }

    /// <summary>SETEVENTS (control-spec §3.4): replaces the set of enabled events (empty: none).</summary>
    public Task SetEventsAsync(IEnumerable<string> events, CancellationToken ct = default)
    {
        var list = events.ToList();
        foreach (var e in list) ValidateWord(e, nameof(events));
        return Connection.ExecuteAsync(list.Count == 0 ? "SETEVENTS" : "SETEVENTS " + string.Join(' ', list), null, ct);
    }

    /// <summary>SIGNAL (control-spec §3.7).</summary>
    public Task SignalAsync(TorSignal signal, CancellationToken ct = default) =>
        Connection.ExecuteAsync("SIGNAL " + signal.ToString().ToUpperInvariant(), null, ct);

    /// <summary>TAKEOWNERSHIP (control-spec §3.23): tor exits when this connection closes.</summary>
    public Task TakeOwnershipAsync(CancellationToken ct = default) => Connection.ExecuteAsync("TAKEOWNERSHIP", null, ct);

    /// <summary>Rejects anything that could break out of its argument slot.</summary>
    internal static void ValidateWord(string word, string paramName)
    {
        if (string.IsNullOrEmpty(word) || word.Any(c => c <= ' ' || c is '"' or '\\' or '=' || c == 0x7f))
            throw new ArgumentException($"not a valid control-port word: {word}", paramName);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
