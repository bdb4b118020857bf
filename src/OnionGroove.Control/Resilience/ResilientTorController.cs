using System.Threading.Channels;
using OnionGroove.Control.Events;
using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Resilience;

/// <summary>Keeps one authenticated control connection alive: when tor restarts or the connection
/// breaks it reconnects with exponential back-off (plus jitter), authenticates again, re-enables
/// the configured events and calls <see cref="ResilientTorControllerOptions.OnConnected"/> so its
/// user can restore state. Events from every connection flow into one channel.</summary>
public sealed class ResilientTorController : IAsyncDisposable
{
    private readonly ResilientTorControllerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<TorEvent> _events = Channel.CreateBounded<TorEvent>(
        new BoundedChannelOptions(8192) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly object _gate = new();
    private TaskCompletionSource<TorController> _ready = NewReady();
    private readonly Task _loop;
    private int _connections;

    private ResilientTorController(ResilientTorControllerOptions options)
    {
        _options = options;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Starts connecting in the background; use <see cref="GetControllerAsync"/> to wait for a connection.</summary>
    public static ResilientTorController Start(ResilientTorControllerOptions options) => new(options);

    /// <summary>Events from all connections, in arrival order (bounded; the oldest are dropped if nobody reads).</summary>
    public ChannelReader<TorEvent> Events => _events.Reader;

    /// <summary>How many times a connection has been established (1 after the first).</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>The live controller, waiting for one if tor is down. Do not dispose it.</summary>
    public Task<TorController> GetControllerAsync(CancellationToken ct = default)
    {
        Task<TorController> t;
        lock (_gate) t = _ready.Task;
        return t.WaitAsync(ct);
    }

    /// <summary>Runs an operation on the live controller; if the connection breaks under it, waits
    /// for the next connection and tries once more.</summary>
    public async Task<T> RunAsync<T>(Func<TorController, CancellationToken, Task<T>> operation, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var controller = await GetControllerAsync(ct).ConfigureAwait(false);
            try { return await operation(controller, ct).ConfigureAwait(false); }
            catch (ControlProtocolException) when (attempt == 0 && !ct.IsCancellationRequested)
            {
                await controller.Closed.WaitAsync(ct).ConfigureAwait(false);
            }
        }
    }

    private static TaskCompletionSource<TorController> NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync(CancellationToken stop)
    {
        var backoff = _options.InitialBackoff;
        while (!stop.IsCancellationRequested)
        {
            TorController? controller = null;
            try
            {
                controller = await TorController.ConnectAsync(_options.Endpoint, _options.Auth, _options.Limits, stop).ConfigureAwait(false);
                using var sub = controller.SubscribeEvents();
                if (_options.Events.Count > 0) await controller.SetEventsAsync(_options.Events, stop).ConfigureAwait(false);
                var reconnect = Interlocked.Increment(ref _connections) > 1;
                if (_options.OnConnected is { } hook) await hook(controller, reconnect, stop).ConfigureAwait(false);
                lock (_gate) _ready.TrySetResult(controller);
                backoff = _options.InitialBackoff;

                await foreach (var e in sub.ReadAllAsync(stop).ConfigureAwait(false)) _events.Writer.TryWrite(e);
                var reason = await controller.Closed.ConfigureAwait(false);
                if (reason is not null) _options.OnDisconnected?.Invoke(reason);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _options.OnDisconnected?.Invoke(e);
                try { await Task.Delay(Jitter(backoff), stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
            finally
            {
                lock (_gate)
                    if (_ready.Task.IsCompleted) _ready = NewReady();
                if (controller is not null) await controller.DisposeAsync().ConfigureAwait(false);
            }
        }
        lock (_gate) _ready.TrySetException(new ObjectDisposedException(nameof(ResilientTorController)));
        _events.Writer.TryComplete();
    }

    // Up to +25 % so that many controllers do not reconnect in lock-step.
    private static TimeSpan Jitter(TimeSpan t) => t + TimeSpan.FromTicks((long)(t.Ticks * 0.25 * Random.Shared.NextDouble()));

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
