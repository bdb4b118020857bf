using OnionGroove.Balancer.Tor;
using OnionGroove.Control;

namespace OnionGroove.Balancer.Daemon;

/// <summary>The daemon's current view of the network: re-read from tor when its consensus changes,
/// dropped when tor restarts; and whether every backend should be fetched again (new period or
/// SRV, tor reconnected, a backend on this tor published).</summary>
internal sealed class NetworkViewTracker(INetworkViewSource source, Func<BalancerTimings> timings, DaemonLog log)
{
    private DateTimeOffset? _validAfter;
    private DateTimeOffset _nextPoll;
    private volatile INetworkView? _view;
    private volatile bool _refetchAll;

    /// <summary>Null until tor has a usable consensus.</summary>
    public INetworkView? View => _view;

    /// <summary>A restarted tor forgot everything: rebuild the view and fetch every backend.</summary>
    public void Reset()
    {
        _view = null;
        _validAfter = null;
        _nextPoll = DateTimeOffset.MinValue;
        _refetchAll = true;
    }

    public void RequestRefetchAll() => _refetchAll = true;

    /// <summary>Whether every backend should be fetched now; clears the request.</summary>
    public bool TakeRefetchAll()
    {
        var all = _refetchAll;
        _refetchAll = false;
        return all;
    }

    /// <summary>Asks tor for its consensus' valid-after once per poll interval and rebuilds the view
    /// when it changed.</summary>
    public async Task RefreshAsync(TorController tor, DateTimeOffset now, CancellationToken ct)
    {
        if (now < _nextPoll) return;
        _nextPoll = now + timings().ConsensusPoll;
        var validAfter = await source.ValidAfterAsync(tor, ct);
        if (validAfter is null)
        {
            if (_view is null) log.Write("tor has no usable consensus yet; waiting");
        }
        else if (validAfter != _validAfter)
        {
            var (view, error) = await source.LoadAsync(tor, ct);
            if (view is null) log.Write($"cannot use tor's consensus: {error}");
            else
            {
                var periodChanged = _view is null || !_view.CandidatePeriods.SequenceEqual(view.CandidatePeriods);
                _view = view;
                _validAfter = validAfter;
                // New period or SRV: backends rotate their descriptors, fetch them again soon.
                if (periodChanged) _refetchAll = true;
            }
        }
    }
}
