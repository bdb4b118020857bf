using System.Threading.Channels;

namespace OnionGroove.Control.Events;

/// <summary>A subscriber's queue of events. Bounded: when the reader falls behind by more than the
/// capacity, the oldest events are dropped and counted, so a stalled consumer cannot grow memory
/// without limit. Completes when the connection closes. Dispose to unsubscribe.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly Channel<TorEvent> _channel;
    private readonly Action<EventSubscription> _unsubscribe;
    private long _dropped;

    internal EventSubscription(int capacity, Action<EventSubscription> unsubscribe)
    {
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<TorEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<TorEvent> Reader => _channel.Reader;

    /// <summary>Events dropped because the reader fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public IAsyncEnumerable<TorEvent> ReadAllAsync(CancellationToken ct = default) => _channel.Reader.ReadAllAsync(ct);

    /// <summary>Waits for the next event of type <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, CancellationToken ct) where T : TorEvent
    {
        await foreach (var e in _channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            if (e is T t && predicate(t)) return t;
        throw new Protocol.ControlProtocolException("the control connection closed before the awaited event arrived");
    }

    internal void Publish(TorEvent e) => _channel.Writer.TryWrite(e);

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _unsubscribe(this);
        Complete();
    }
}
