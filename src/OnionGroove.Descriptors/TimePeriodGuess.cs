using OnionGroove.Crypto;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors;

/// <summary>Finds the time period a descriptor was made for when the caller doesn't know it. The outer document
/// names its blinded key (in the signing cert's signed-with-ed25519-key extension); we blind the address for
/// candidate periods and keep the one that matches. Candidates come from the cert's validity: tor issues the
/// cert when it builds the descriptor, valid for 54 hours, and builds a descriptor for period N between the start
/// of N−1 and the end of N; so we try the periods around "expiry − lifetime", then around "expiry".</summary>
public static class TimePeriodGuess
{
    public static IReadOnlyList<TimePeriod> Candidates(UnverifiedOuterLayerDocument outer, int lengthMinutes, int rotationOffsetMinutes)
    {
        var expires = outer.Unchecked.SigningKeyCert.Expires;
        var issued = expires - Certs.TorCertBuilder.DefaultLifetime;
        var list = new List<TimePeriod>();
        foreach (var t in new[] { issued, expires })
        {
            var p = TimePeriod.FromTime(t, lengthMinutes, rotationOffsetMinutes);
            foreach (var c in new[] { p, p.Next, p.Previous, p.Next.Next, p.Previous.Previous })
                if (!list.Contains(c)) list.Add(c);
        }
        return list;
    }

    /// <summary>The candidate whose blinded key signed the descriptor's cert, if any.</summary>
    public static TimePeriod? Find(UnverifiedOuterLayerDocument outer, IdentityPublicKey identity, int lengthMinutes, int rotationOffsetMinutes) =>
        SignedFor(outer, identity, Candidates(outer, lengthMinutes, rotationOffsetMinutes));

    /// <summary>As <see cref="Find(UnverifiedOuterLayerDocument, IdentityPublicKey, int, int)"/>, then, for a
    /// descriptor fetched at <paramref name="fetchedAt"/>, the periods around that moment. The guess from
    /// the cert assumes tor's 54-hour lifetime counted from the build time; tor 0.4.9 on a test network
    /// (8-minute periods) was seen issuing certs whose expiry minus 54 h lies periods ahead, and a
    /// descriptor on an HSDir is for the current or the next period.</summary>
    public static TimePeriod? Find(UnverifiedOuterLayerDocument outer, IdentityPublicKey identity, int lengthMinutes, int rotationOffsetMinutes,
        DateTimeOffset? fetchedAt)
    {
        if (Find(outer, identity, lengthMinutes, rotationOffsetMinutes) is { } found) return found;
        if (fetchedAt is not { } at) return null;
        var p = TimePeriod.FromTime(at, lengthMinutes, rotationOffsetMinutes);
        return SignedFor(outer, identity, [p, p.Next, p.Previous]);
    }

    private static TimePeriod? SignedFor(UnverifiedOuterLayerDocument outer, IdentityPublicKey identity, IEnumerable<TimePeriod> candidates)
    {
        if (outer.Unchecked.SigningKeyCert.SigningKey is not { } signer) return null;
        foreach (var c in candidates)
            if (identity.Blind(c).AsSpan().SequenceEqual(signer)) return c;
        return null;
    }
}
