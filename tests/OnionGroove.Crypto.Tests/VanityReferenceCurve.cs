using System.Numerics;

namespace OnionGroove.Crypto.Tests;

/// <summary>
/// A deliberately simple edwards25519 in affine coordinates over BigInteger, sharing no code
/// with the library, so vanity results can be checked independently.
/// </summary>
internal static class VanityReferenceCurve
{
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger D = Mod(-121665 * Inv(121666));
    public static readonly (BigInteger X, BigInteger Y) Base = MakeBase();

    private static BigInteger Mod(BigInteger v) => ((v % P) + P) % P;
    private static BigInteger Inv(BigInteger v) => BigInteger.ModPow(Mod(v), P - 2, P);

    private static (BigInteger, BigInteger) MakeBase()
    {
        var y = Mod(4 * Inv(5));
        var xx = Mod((y * y - 1) * Inv(D * y * y + 1));
        var x = BigInteger.ModPow(xx, (P + 3) / 8, P);
        if (Mod(x * x - xx) != 0) x = Mod(x * BigInteger.ModPow(2, (P - 1) / 4, P));
        if (!x.IsEven) x = P - x;
        return (x, y);
    }

    public static (BigInteger X, BigInteger Y) Add((BigInteger X, BigInteger Y) a, (BigInteger X, BigInteger Y) b)
    {
        var t = Mod(D * a.X * b.X * a.Y * b.Y);
        var x = Mod((a.X * b.Y + a.Y * b.X) * Inv(1 + t));
        var y = Mod((a.Y * b.Y + a.X * b.X) * Inv(1 - t));
        return (x, y);
    }

    public static (BigInteger X, BigInteger Y) Multiply(BigInteger k, (BigInteger X, BigInteger Y) point)
    {
        (BigInteger X, BigInteger Y) r = (0, 1);
        for (var bit = (int)k.GetBitLength() - 1; bit >= 0; bit--)
        {
            r = Add(r, r);
            if (!((k >> bit) & 1).IsZero) r = Add(r, point);
        }
        return r;
    }

    public static byte[] Encode((BigInteger X, BigInteger Y) p)
    {
        var b = new byte[32];
        p.Y.TryWriteBytes(b, out _, isUnsigned: true);
        if (!p.X.IsEven) b[31] |= 0x80;
        return b;
    }

    /// <summary>The public key of a 32-byte little-endian scalar, k·B.</summary>
    public static byte[] PublicKeyOf(ReadOnlySpan<byte> scalar) =>
        Encode(Multiply(new BigInteger(scalar, isUnsigned: true), Base));
}
