using System.Numerics;

namespace OnionGroove.Crypto.Curve;

/// <summary>Arithmetic modulo the group order l = 2^252 + 27742317777372353535851937790883648493
/// (BigInteger: scalars are few per operation, and this keeps the code obviously right).</summary>
internal static class Scalar
{
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    /// <summary>l as 32 little-endian bytes.</summary>
    public static byte[] OrderBytes { get; } = ToBytes(L);

    public static BigInteger FromBytes(ReadOnlySpan<byte> s) => new(s, isUnsigned: true, isBigEndian: false);

    public static byte[] ToBytes(BigInteger v)
    {
        var b = new byte[32];
        Write(v, b);
        return b;
    }

    public static void Write(BigInteger v, Span<byte> into)
    {
        into[..32].Clear();
        if (!v.TryWriteBytes(into, out _, isUnsigned: true, isBigEndian: false))
            throw new InvalidOperationException("scalar does not fit 32 bytes");
    }

    /// <summary>s mod l for a 32- or 64-byte little-endian integer (RFC 8032 hashes are 64 bytes).</summary>
    public static void Reduce(ReadOnlySpan<byte> s, Span<byte> into) => Write(FromBytes(s) % L, into);

    /// <summary>(a·b + c) mod l.</summary>
    public static void MulAdd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> into) =>
        Write((FromBytes(a) * FromBytes(b) + FromBytes(c)) % L, into);

    /// <summary>(a·b) mod l.</summary>
    public static void Mul(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> into) =>
        Write(FromBytes(a) * FromBytes(b) % L, into);

    public static bool IsZeroModL(ReadOnlySpan<byte> s) => (FromBytes(s) % L).IsZero;

    /// <summary>True when s &lt; l (RFC 8032 §5.1.7 requires it of a signature's S).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> s) => s.Length == 32 && FromBytes(s) < L;
}
