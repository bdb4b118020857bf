using OnionGroove.Core;

namespace OnionGroove.Balancer.Config;

/// <summary>
/// A configuration file as far as it could be read, with every problem found: not a
/// value-or-error but a checker's view, so that <see cref="ConfigWithKeys"/> can still check the
/// key files of the services it could read when other parts of the file are wrong. With problems,
/// <see cref="Readable"/> holds services with a key path and their well-formed instances only (never
/// run it), or is null when the YAML itself could not be read.
/// </summary>
internal sealed record ConfigDraft(BalancerConfig? Readable, IReadOnlyList<Problem> Problems)
{
    public Result<BalancerConfig, IReadOnlyList<Problem>> ToResult() =>
        Problems.Count == 0 && Readable is not null
            ? Readable
            : Result<BalancerConfig, IReadOnlyList<Problem>>.Failure(Problems);
}
