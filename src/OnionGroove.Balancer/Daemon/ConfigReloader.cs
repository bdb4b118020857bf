using OnionGroove.Balancer.Config;

namespace OnionGroove.Balancer.Daemon;

/// <summary>Reloads the configuration when asked (SIGHUP) or when its file changes: a valid new
/// configuration replaces the running one; an invalid one is reported and the running one kept.</summary>
internal sealed class ConfigReloader(BalancerConfig initial, string path, BalancerEngine engine, Action wake, DaemonLog log) : IDisposable
{
    private volatile bool _requested;
    private FileSystemWatcher? _watcher;

    /// <summary>The configuration running now.</summary>
    public BalancerConfig Current { get; private set; } = initial;

    /// <summary>Asks for a reload at the next opportunity.</summary>
    public void Request()
    {
        _requested = true;
        wake();
    }

    /// <summary>Reloads if a reload was asked for since the last call.</summary>
    public void ReloadIfRequested()
    {
        if (!_requested) return;
        _requested = false;
        Reload();
    }

    private void Reload()
    {
        if (!ConfigSet.Load(path).TryGet(out var set, out var problems))
        {
            log.Write($"configuration NOT reloaded, {problems.Count} problem(s); still running the previous one:");
            foreach (var p in problems) log.Write("  " + p);
            return;
        }
        var (config, services) = set;
        try
        {
            if (!SameTor(config.Tor, Current.Tor)) log.Write("note: changes to the 'tor' section take effect after a restart");
            engine.ApplyConfig(services);
            Current = config;
            log.Write($"configuration reloaded: {services.Count} service(s), {services.Sum(s => s.Item1.Instances.Count)} backend(s)");
        }
        catch (Exception e)
        {
            // Keys are not disposed here: the engine may already hold some of them.
            log.Write($"configuration NOT reloaded ({e.GetType().Name}: {e.Message}); still running the previous one");
        }
    }

    private static bool SameTor(TorSettings a, TorSettings b) =>
        a with { ExtraTorrcLines = [] } == b with { ExtraTorrcLines = [] } && a.ExtraTorrcLines.SequenceEqual(b.ExtraTorrcLines);

    /// <summary>Reloads when the configuration file is written, created or renamed over.</summary>
    public void WatchFile()
    {
        var dir = Path.GetDirectoryName(Current.SourcePath)!;
        var name = Path.GetFileName(Current.SourcePath);
        try
        {
            _watcher = new FileSystemWatcher(dir, name) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            FileSystemEventHandler changed = (_, _) => Request();
            _watcher.Changed += changed;
            _watcher.Created += changed;
            _watcher.Renamed += (_, _) => Request();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            log.Write($"cannot watch {Current.SourcePath} for changes ({e.Message}); reload with SIGHUP");
        }
    }

    public void Dispose() => _watcher?.Dispose();
}
