namespace OnionGroove.Crypto;

/// <summary>Key blinding (rend-spec-v3 appendix A.2).</summary>
internal static class KeyBlinding
{
    public static BlindedPublicKey BlindPublic(IdentityPublicKey identity, TimePeriod period) => throw new NotImplementedException();

    public static BlindedKeypair BlindSecret(ExpandedSecret secret, IdentityPublicKey identity, TimePeriod period) => throw new NotImplementedException();
}
