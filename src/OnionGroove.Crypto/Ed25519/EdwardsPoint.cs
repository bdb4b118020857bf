namespace OnionGroove.Crypto.Curve;

/// <summary>A point of edwards25519 in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z.</summary>
internal struct EdwardsPoint
{
    public static EdwardsPoint MulBase(ReadOnlySpan<byte> scalar) => throw new NotImplementedException();

    public readonly void Encode(Span<byte> into) => throw new NotImplementedException();
}
