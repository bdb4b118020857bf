using OnionGroove.Crypto;
using OnionGroove.Descriptors.OuterLayer;

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
    public static TimePeriod? Find(UnverifiedOuterLayerDocument outer, IdentityPublicKey identity, int lengthMinutes, int rotationOffsetMinutes)
    {
        if (outer.Unchecked.SigningKeyCert.SigningKey is not { } signer) return null;
        foreach (var c in Candidates(outer, lengthMinutes, rotationOffsetMinutes))
            if (identity.Blind(c).AsSpan().SequenceEqual(signer)) return c;
        return null;
    }
}
