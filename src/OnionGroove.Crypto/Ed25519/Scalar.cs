namespace OnionGroove.Crypto.Curve;

/// <summary>Arithmetic modulo the group order l = 2^252 + 27742317777372353535851937790883648493.</summary>
internal static class Scalar
{
    public static bool IsZeroModL(ReadOnlySpan<byte> scalar) => throw new NotImplementedException();
}
