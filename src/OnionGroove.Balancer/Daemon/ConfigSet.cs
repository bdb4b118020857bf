using OnionGroove.Balancer.Config;

namespace OnionGroove.Balancer.Daemon;

/// <summary>A configuration with every key file loaded: either all of it or all problems.</summary>
internal static class ConfigSet
{
    public static (BalancerConfig? Config, List<(ServiceConfig, ServiceKeys)> Services, IReadOnlyList<ConfigProblem> Problems) Load(string path)
    {
        var loaded = ConfigWithKeys.Load(path);
        if (!loaded.Ok)
        {
            loaded.Dispose();
            return (null, [], loaded.Problems);
        }
        return (loaded.Config, [.. loaded.Services], []);
    }
}
