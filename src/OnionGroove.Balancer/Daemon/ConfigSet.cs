using OnionGroove.Balancer.Config;
using OnionGroove.Core;

namespace OnionGroove.Balancer.Daemon;

/// <summary>A configuration with every key file loaded: either all of it or all problems.</summary>
internal static class ConfigSet
{
    public static (BalancerConfig? Config, List<(ServiceConfig, ServiceKeys)> Services, IReadOnlyList<Problem> Problems) Load(string path)
    {
        ConfigWithKeys loaded;
        // A running daemon must outlive any configuration, even one a parser chokes on: anything
        // thrown while reading becomes a problem and the caller keeps what it has.
        try { loaded = ConfigWithKeys.Load(path); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, [], [new Problem($"cannot read the configuration: {e.Message}", Source: path)]);
        }
        if (!loaded.Ok)
        {
            loaded.Dispose();
            return (null, [], loaded.Problems);
        }
        return (loaded.Config, [.. loaded.Services], []);
    }
}
