using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Vanity;

/// <summary>A split-key search's find: <see cref="From"/> + <see cref="Offset"/>·B = <see cref="PublicKey"/>,
/// whose address starts with <see cref="Prefix"/>. Public data only.</summary>
public sealed record VanityOffsetMatch(IdentityPublicKey From, VanityOffset Offset, IdentityPublicKey PublicKey, VanityPrefix Prefix)
{
    public OnionAddress Address => PublicKey.Address;
}

/// <summary>How a split-key search ended (see <see cref="VanityResult"/>).</summary>
public sealed record VanityOffsetResult(IReadOnlyList<VanityOffsetMatch> Matches, long Candidates, TimeSpan Elapsed, bool Cancelled);
