using OnionGroove.Core;

namespace OnionGroove.Control.HsFetch;

/// <summary>What came back for one <see cref="HsFetchRequest"/>: the descriptor text (lines joined
/// with "\n", ending in "\n"), or why not.</summary>
public sealed record HsFetchAnswer(HsFetchRequest Request, Result<string, HsFetchError> Descriptor);
