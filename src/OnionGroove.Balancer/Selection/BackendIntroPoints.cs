namespace OnionGroove.Balancer.Selection;

/// <summary>The usable intro points of one live backend, in the order its descriptor lists them.
/// Generic so the selection rules are independent of the descriptor model.</summary>
public sealed record BackendIntroPoints<T>(string BackendId, IReadOnlyList<T> IntroPoints);
