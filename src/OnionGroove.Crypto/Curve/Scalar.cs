namespace OnionGroove.Crypto.Curve;

/// <summary>Arithmetic modulo the group order l = 2^252 + 27742317777372353535851937790883648493 on
/// 32- and 64-byte little-endian encodings, through <see cref="Scalar52"/> (constant time: signing
/// passes secret scalars and nonces through here).</summary>
internal static class Scalar
{
    /// <summary>l as 32 little-endian bytes.</summary>
    public static byte[] OrderBytes { get; } = Convert.FromHexString("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

    /// <summary>s mod l for a 32- or 64-byte little-endian integer (RFC 8032 hashes are 64 bytes).</summary>
    public static void Reduce(ReadOnlySpan<byte> s, Span<byte> into)
    {
        var r = s.Length switch
        {
            64 => Scalar52.FromWideBytes(s),
            32 => Scalar52.Reduce(Scalar52.FromBytes(s)),
            _ => throw new ArgumentException("a scalar to reduce is 32 or 64 bytes", nameof(s)),
        };
        r.ToBytes(into);
        r.Clear();
    }

    /// <summary>(a·b + c) mod l.</summary>
    public static void MulAdd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> into)
    {
        var ab = Scalar52.Mul(Scalar52.FromBytes(a), Scalar52.FromBytes(b));
        var cr = Scalar52.Reduce(Scalar52.FromBytes(c));
        var r = Scalar52.Add(ab, cr);
        r.ToBytes(into);
        ab.Clear(); cr.Clear(); r.Clear();
    }

    /// <summary>(a·b) mod l.</summary>
    public static void Mul(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> into)
    {
        var r = Scalar52.Mul(Scalar52.FromBytes(a), Scalar52.FromBytes(b));
        r.ToBytes(into);
        r.Clear();
    }

    public static bool IsZeroModL(ReadOnlySpan<byte> s)
    {
        var r = Scalar52.Reduce(Scalar52.FromBytes(s));
        return (r.L0 | r.L1 | r.L2 | r.L3 | r.L4) == 0;
    }

    /// <summary>True when s &lt; l (RFC 8032 §5.1.7 requires it of a signature's S). Public data: may branch.</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> s)
    {
        if (s.Length != 32) return false;
        var order = OrderBytes;
        for (var i = 31; i >= 0; i--)
            if (s[i] != order[i]) return s[i] < order[i];
        return false;
    }
}
