using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Signing;

namespace OnionGroove.Balancer.Daemon;

/// <summary>Reloads the configuration when asked (SIGHUP) or when its file changes: a valid new
/// configuration replaces the running one; an invalid one is reported and the running one kept.
/// The signing bundles the configuration names are watched too: a refreshed bundle written over the old
/// one is a change like any other (issue #12), and the reload replaces the old bundle (zeroing its keys). A bundle
/// that has run out does not block a reload: it is loaded, signs nothing for the periods it lacks, and is reported.</summary>
internal sealed class ConfigReloader(BalancerConfig initial, string path, BalancerEngine engine, Action wake, DaemonLog log) : IDisposable
{
    private volatile bool _requested;
    private readonly List<FileSystemWatcher> _watchers = [];
    private bool _watching;

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
        // A bundle that has run out (or not started) is loaded, not refused: refusing it would block every other
        // change until the refresh arrives. Such a service signs nothing for the periods it lacks (SignerCheck).
        if (!ConfigSet.Load(path, BundleUse.MayHaveRunOut).TryGet(out var set, out var problems))
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
            if (_watching) Rewatch(); // the set of bundle files may have changed
            log.Write($"configuration reloaded: {services.Count} service(s), {services.Sum(s => s.Item1.Instances.Count)} backend(s)");
            var now = DateTimeOffset.UtcNow;
            foreach (var (_, keys) in services)
                if (keys.Signer is BundleSigner b && b.Bundle.CheckUsable(now) is { } unusable)
                    log.Write($"ERROR service {b.Address}: the signing bundle {b.Path} cannot sign for the current period: {unusable}; " +
                        "nothing is published for that period (no other key is used) until a refreshed bundle is dropped in " +
                        "(`oniongroove site certify`); the rest of the configuration was applied");
        }
        catch (Exception e)
        {
            // Keys are not disposed here: the engine may already hold some of them.
            log.Write($"configuration NOT reloaded ({e.GetType().Name}: {e.Message}); still running the previous one");
        }
    }

    private static bool SameTor(TorSettings a, TorSettings b) =>
        a with { ExtraTorrcLines = [] } == b with { ExtraTorrcLines = [] } && a.ExtraTorrcLines.SequenceEqual(b.ExtraTorrcLines);

    /// <summary>Reloads when the configuration file or a signing bundle it names is written, created or
    /// renamed over.</summary>
    public void WatchFile()
    {
        _watching = true;
        Rewatch();
    }

    private void Rewatch()
    {
        foreach (var w in _watchers) w.Dispose();
        _watchers.Clear();
        Watch(Current.SourcePath);
        foreach (var bundle in Current.Services.Select(s => s.KeyPath).Where(FrontendKeyFile.IsBundle).Distinct())
            Watch(bundle);
    }

    private void Watch(string path)
    {
        try
        {
            var w = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
            { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            FileSystemEventHandler changed = (_, _) => Request();
            w.Changed += changed;
            w.Created += changed;
            w.Renamed += (_, _) => Request();
            w.EnableRaisingEvents = true;
            _watchers.Add(w);
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            log.Write($"cannot watch {path} for changes ({e.Message}); reload with SIGHUP");
        }
    }

    public void Dispose()
    {
        foreach (var w in _watchers) w.Dispose();
    }
}
