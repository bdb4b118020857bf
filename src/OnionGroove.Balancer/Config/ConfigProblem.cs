namespace OnionGroove.Balancer.Config;

/// <summary>One thing wrong with a configuration file, with the line it is on (1-based; 0 when the
/// problem concerns the file as a whole).</summary>
public sealed record ConfigProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>The result of loading a configuration: either a config or every problem found.</summary>
public sealed record ConfigLoadResult(BalancerConfig? Config, IReadOnlyList<ConfigProblem> Problems)
{
    /// <summary>When the YAML parsed but has problems: what could be read of it (services with a
    /// key path, their well-formed instances), for checking key files in the same pass. Never run this.</summary>
    public BalancerConfig? Partial { get; init; }

    public bool Ok => Config is not null && Problems.Count == 0;
}
