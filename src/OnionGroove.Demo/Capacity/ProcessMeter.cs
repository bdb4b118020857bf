namespace OnionGroove.Demo.Capacity;

/// <summary>Watches processes by pid from /proc (<see cref="ProcessStats"/>): CPU-seconds used so
/// far (user + system) and resident memory, with the peak sampled once a second until disposed.</summary>
internal sealed class ProcessMeter : IAsyncDisposable
{
    private readonly IReadOnlyList<int> _pids;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakRssKb;

    public ProcessMeter(IEnumerable<int> pids)
    {
        _pids = [.. pids];
        _sampling = Task.Run(SampleAsync);
    }

    public ProcessMeter(int pid) : this([pid]) { }

    /// <summary>CPU-seconds of all the processes so far.</summary>
    public double CpuSeconds() => _pids.Sum(ProcessStats.CpuSeconds);

    /// <summary>Resident memory of all the processes now, in MiB.</summary>
    public double RssMiB() => _pids.Sum(ProcessStats.RssKb) / 1024.0;

    /// <summary>The highest resident memory seen (sampled once a second), in MiB.</summary>
    public double PeakRssMiB => Math.Max(Interlocked.Read(ref _peakRssKb), _pids.Sum(ProcessStats.RssKb)) / 1024.0;

    /// <summary>Forgets the peak so far (e.g. after a start-up phase).</summary>
    public void ResetPeak() => Interlocked.Exchange(ref _peakRssKb, 0);

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var now = _pids.Sum(ProcessStats.RssKb);
            long seen;
            do seen = Interlocked.Read(ref _peakRssKb);
            while (now > seen && Interlocked.CompareExchange(ref _peakRssKb, now, seen) != seen);
            try { await Task.Delay(1000, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _sampling;
        _stop.Dispose();
    }
}
