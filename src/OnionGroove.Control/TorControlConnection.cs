using OnionGroove.Control.Events;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Transport;

namespace OnionGroove.Control;

/// <summary>One control-port connection. A single reader loop reads every reply: 650 events go to
/// subscribers, everything else answers the oldest command still waiting (tor answers commands in
/// order, control-spec §2.3). Commands may be sent from any thread; they are written one at a time.
/// Once the connection fails (peer closed, malformed reply, command timeout) every waiting command
/// fails with <see cref="ControlProtocolException"/>, subscriptions complete, and
/// <see cref="Closed"/> completes with the reason.</summary>
public sealed class TorControlConnection : IAsyncDisposable
{
    private sealed record Pending(string Keyword, TaskCompletionSource<ControlReply> Reply);

    private readonly Stream _stream;
    private readonly ControlLimits _limits;
    private readonly ControlReplyReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Queue<Pending> _pending = new();
    private readonly List<EventSubscription> _subscriptions = [];
    private readonly object _gate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _readLoop;
    private Exception? _failure;

    private TorControlConnection(Stream stream, ControlLimits limits)
    {
        _stream = stream;
        _limits = limits;
        _reader = new ControlReplyReader(stream, limits);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects (no authentication yet; see <see cref="TorController"/>).</summary>
    public static async Task<TorControlConnection> ConnectAsync(ControlEndpoint endpoint, ControlLimits? limits = null,
        CancellationToken ct = default)
    {
        var stream = await endpoint.ConnectAsync(ct).ConfigureAwait(false);
        return new TorControlConnection(stream, limits ?? ControlLimits.Default);
    }

    /// <summary>Runs the protocol over an already open stream (tests, custom transports).</summary>
    public static TorControlConnection Attach(Stream stream, ControlLimits? limits = null) =>
        new(stream, limits ?? ControlLimits.Default);

    /// <summary>Completes when the connection ends: null after <see cref="DisposeAsync"/>, otherwise the failure.</summary>
    public Task<Exception?> Closed => _closed.Task;

    public bool IsOpen => !_closed.Task.IsCompleted;

    /// <summary>Sends a command and returns tor's reply whatever its status.</summary>
    /// <param name="commandLine">The command without CRLF, e.g. "GETINFO version".</param>
    /// <param name="data">For multi-line commands (sent as "+KEYWORD"): the data block, dot-encoded here.</param>
    public async Task<ControlReply> SendAsync(string commandLine, string? data = null, CancellationToken ct = default)
    {
        var bytes = ControlCommandWriter.Encode(commandLine, data);
        var pending = new Pending(ControlCommandWriter.Keyword(commandLine),
            new TaskCompletionSource<ControlReply>(TaskCreationOptions.RunContinuationsAsynchronously));
        // A connection disposed by its owner (the resilient controller after a disconnect) while a
        // caller still holds it is a closed connection, not a programming error.
        try { await _writeLock.WaitAsync(ct).ConfigureAwait(false); }
        catch (ObjectDisposedException) { throw Closing(_failure ?? new ControlProtocolException("the control connection is closed")); }
        try
        {
            lock (_gate)
            {
                if (_failure is not null) throw Closing(_failure);
                _pending.Enqueue(pending);
            }
            // Not the caller's token: a half-written command would desynchronise the connection.
            await _stream.WriteAsync(bytes, _lifetime.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            Fail(new ControlProtocolException($"cannot send {pending.Keyword}: {e.Message}", e));
            throw Closing(_failure!);
        }
        finally
        {
            try { _writeLock.Release(); } catch (ObjectDisposedException) { /* disposed meanwhile */ }
        }

        try
        {
            // A caller that stops waiting leaves its slot in the queue: the reply still arrives and is discarded.
            return await pending.Reply.Task.WaitAsync(_limits.CommandTimeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var e = new ControlProtocolException($"no reply to {pending.Keyword} within {_limits.CommandTimeout.TotalSeconds:0.#} s");
            Fail(e);
            throw e;
        }
    }

    /// <summary>Sends a command and throws <see cref="ControlCommandException"/> unless tor answers 2xx.</summary>
    public async Task<ControlReply> ExecuteAsync(string commandLine, string? data = null, CancellationToken ct = default)
    {
        var reply = await SendAsync(commandLine, data, ct).ConfigureAwait(false);
        if (!reply.IsSuccess)
            throw new ControlCommandException(ControlCommandWriter.Keyword(commandLine), reply.Status, reply.EndText);
        return reply;
    }

    /// <summary>Starts receiving events (tor only sends those enabled with SETEVENTS).</summary>
    public EventSubscription SubscribeEvents(int capacity = 4096)
    {
        var sub = new EventSubscription(capacity, Unsubscribe);
        lock (_gate)
        {
            if (_failure is null) _subscriptions.Add(sub);
            else sub.Complete();
        }
        return sub;
    }

    private void Unsubscribe(EventSubscription sub)
    {
        lock (_gate) _subscriptions.Remove(sub);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadReplyAsync(_lifetime.Token).ConfigureAwait(false);
                if (result.Error is not null) { Fail(new ControlProtocolException("malformed reply from tor: " + result.Error)); return; }
                if (result.IsEndOfStream) { Fail(new ControlProtocolException("tor closed the control connection")); return; }
                var reply = result.Reply!;
                if (reply.IsEvent)
                {
                    var e = TorEventParser.Parse(reply);
                    EventSubscription[] subs;
                    lock (_gate) subs = [.. _subscriptions];
                    foreach (var s in subs) s.Publish(e);
                    continue;
                }
                Pending? pending;
                lock (_gate) _pending.TryDequeue(out pending);
                if (pending is null)
                {
                    Fail(new ControlProtocolException($"reply with no command waiting for it: {reply.Status} {Excerpt(reply.EndText)}"));
                    return;
                }
                pending.Reply.TrySetResult(reply);
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            Fail(null);
        }
        catch (Exception e)
        {
            Fail(new ControlProtocolException("control connection failed: " + e.Message, e));
        }
    }

    private static string Excerpt(string s) => s.Length <= 80 ? s : s[..80] + "…";

    private static ControlProtocolException Closing(Exception failure) =>
        failure as ControlProtocolException ?? new ControlProtocolException("the control connection is closed", failure);

    /// <summary>Ends the connection once; <paramref name="reason"/> null means closed by us.</summary>
    private void Fail(Exception? reason)
    {
        Pending[] pending;
        EventSubscription[] subs;
        lock (_gate)
        {
            if (_failure is not null) return;
            _failure = reason ?? new ControlProtocolException("the control connection was closed by its owner");
            pending = [.. _pending];
            _pending.Clear();
            subs = [.. _subscriptions];
            _subscriptions.Clear();
        }
        try { _lifetime.Cancel(); } catch (ObjectDisposedException) { }
        try { _stream.Dispose(); } catch (Exception) { /* already broken */ }
        foreach (var p in pending) p.Reply.TrySetException(Closing(_failure));
        foreach (var s in subs) s.Complete();
        _closed.TrySetResult(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Fail(null);
        try { await _readLoop.ConfigureAwait(false); } catch (Exception) { /* reported through Closed */ }
        _lifetime.Dispose();
        _writeLock.Dispose();
    }
}
