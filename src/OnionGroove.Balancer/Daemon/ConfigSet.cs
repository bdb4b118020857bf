using OnionGroove.Balancer.Config;

namespace OnionGroove.Balancer.Daemon;

/// <summary>A configuration with every key file loaded: either all of it or all problems.</summary>
internal static class ConfigSet
{
    public static (BalancerConfig? Config, List<(ServiceConfig, ServiceKeys)> Services, IReadOnlyList<ConfigProblem> Problems) Load(string path)
    {
        var loaded = ConfigLoader.LoadFile(path);
        if (!loaded.Ok) return (null, [], loaded.Problems);
        var config = loaded.Config!;
        var services = new List<(ServiceConfig, ServiceKeys)>();
        var problems = new List<ConfigProblem>();
        foreach (var s in config.Services)
        {
            var (keys, p) = ServiceKeys.Load(s, config.SourcePath);
            problems.AddRange(p);
            if (keys is not null) services.Add((s, keys));
        }
        var dupes = services.GroupBy(s => s.Item2.ServiceId).Where(g => g.Count() > 1);
        foreach (var d in dupes)
            problems.Add(new ConfigProblem(config.SourcePath, d.Last().Item1.Line, $"two services use the same frontend key ({d.Key}.onion)"));
        if (problems.Count > 0)
        {
            foreach (var (_, k) in services) k.Dispose();
            return (null, [], problems);
        }
        return (config, services, problems);
    }
}
