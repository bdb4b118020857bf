using OnionGroove.Balancer.Daemon;

namespace OnionGroove.Demo;

/// <summary>A balancer started by <see cref="DemoStack.StartExtraBalancerAsync"/>: its daemon runs
/// until this is disposed.</summary>
public sealed class DemoBalancer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private int _disposed;

    public string Name { get; }
    public BalancerDaemon Daemon { get; }
    public string ConfigPath { get; }
    public int MetricsPort { get; }

    internal DemoBalancer(string name, BalancerDaemon daemon, string configPath, int metricsPort)
    {
        Name = name; Daemon = daemon; ConfigPath = configPath; MetricsPort = metricsPort;
        _run = Task.Run(() => daemon.RunAsync(_stop.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Cancel();
        try { await _run.WaitAsync(TimeSpan.FromSeconds(20)); } catch (Exception) { }
        await Daemon.DisposeAsync();
        _stop.Dispose();
    }
}
