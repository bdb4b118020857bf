using OnionGroove.Balancer.Config;
using OnionGroove.Core;

namespace OnionGroove.Balancer.Daemon;

/// <summary>A configuration with every key file loaded: either all of it or all problems.</summary>
internal sealed record ConfigSet(BalancerConfig Config, List<(ServiceConfig, ServiceKeys)> Services)
{
    public static Result<ConfigSet, IReadOnlyList<Problem>> Load(string path, BundleUse use = BundleUse.MustCoverNow)
    {
        ConfigWithKeys loaded;
        // A running daemon must outlive any configuration, even one a parser chokes on: anything
        // thrown while reading becomes a problem and the caller keeps what it has.
        try { loaded = ConfigWithKeys.Load(path, use: use); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new List<Problem> { new($"cannot read the configuration: {e.Message}", Source: path) };
        }
        if (!loaded.Ok)
        {
            loaded.Dispose();
            return Result<ConfigSet, IReadOnlyList<Problem>>.Failure(loaded.Problems);
        }
        return new ConfigSet(loaded.Config!, [.. loaded.Services]);
    }
}
