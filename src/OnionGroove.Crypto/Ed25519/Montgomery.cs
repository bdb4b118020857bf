namespace OnionGroove.Crypto.Curve;

/// <summary>Birational map between edwards25519 and curve25519 coordinates.</summary>
internal static class Montgomery
{
    public static byte[] EdwardsToMontgomery(ReadOnlySpan<byte> edPublicKey) => throw new NotImplementedException();

    public static byte[] MontgomeryToEdwards(ReadOnlySpan<byte> u, int signBit) => throw new NotImplementedException();
}
