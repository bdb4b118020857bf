using OnionGroove.Core;

namespace OnionGroove.Balancer.Config;

/// <summary>A configuration file with every key file it names: all problems of both in one pass
/// (whenever the YAML parses at all), sorted by line, so that a fix-and-retry cycle is not needed
/// per kind of mistake. The caller owns (disposes) the returned keys.</summary>
public sealed class ConfigWithKeys : IDisposable
{
    /// <summary>The configuration, or null when anything is wrong.</summary>
    public BalancerConfig? Config { get; }
    /// <summary>Services whose key files all loaded (also when other parts have problems).</summary>
    public IReadOnlyList<(ServiceConfig Config, ServiceKeys Keys)> Services { get; }
    public IReadOnlyList<Problem> Problems { get; }
    public bool Ok => Config is not null && Problems.Count == 0;

    private ConfigWithKeys(BalancerConfig? config, IReadOnlyList<(ServiceConfig, ServiceKeys)> services, IReadOnlyList<Problem> problems)
    {
        Config = config;
        Services = services;
        Problems = problems;
    }

    /// <summary>Reads <paramref name="path"/> and every key file or signing bundle it names; a bundle must be
    /// usable at <paramref name="now"/> (default: the clock) unless <paramref name="use"/> is <see cref="BundleUse.MayHaveRunOut"/>.</summary>
    public static ConfigWithKeys Load(string path, DateTimeOffset? now = null, BundleUse use = BundleUse.MustCoverNow)
    {
        var loaded = ConfigLoader.ReadDraft(path);
        var config = loaded.Readable;
        if (config is null) return new(null, [], loaded.Problems);
        var problems = new List<Problem>(loaded.Problems);
        var services = new List<(ServiceConfig, ServiceKeys)>();
        var identities = new List<(ServiceConfig Service, string Id)>();
        foreach (var s in config.Services)
        {
            var keys = ServiceKeys.Load(s, config.SourcePath, now, use);
            if (keys.TryGet(out var k, out var p)) services.Add((s, k));
            else problems.AddRange(p);
            // A service with other problems still has an identity that may clash with another's.
            var id = keys.ValueOrDefault?.ServiceId.ToString() ?? ServiceKeys.ReadServiceId(s.KeyPath);
            if (id is not null) identities.Add((s, id));
        }
        // Two key files (say tor's and Onionbalance's format, or a key and a bundle) can hold the same identity.
        foreach (var d in identities.GroupBy(x => x.Id).Where(g => g.Count() > 1))
            problems.Add(new Problem($"two services use the same frontend key ({d.Key}.onion)", d.Last().Service.Line, Source: config.SourcePath));
        var sorted = problems.OrderBy(p => p.Line).ToList(); // stable: same-line problems keep their order
        return new(sorted.Count == 0 ? config : null, services, sorted);
    }

    public void Dispose()
    {
        foreach (var (_, k) in Services) k.Dispose();
    }
}
