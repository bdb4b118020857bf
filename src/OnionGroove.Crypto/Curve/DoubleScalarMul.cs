using System.Runtime.CompilerServices;
using F = OnionGroove.Crypto.Curve.FieldElement;

namespace OnionGroove.Crypto.Curve;

/// <summary>[a]A + [b]B for public scalars (signature verification), variable time: both scalars in
/// sliding-window NAF form sharing one chain of doublings (Straus–Shamir), odd multiples of A
/// computed per call (A, 3A, …, 15A) and of B once (B, 3B, …, 127B).</summary>
[SkipLocalsInit]
internal static class DoubleScalarMul
{
    /// <summary>A point prepared for addition: (Y + X, Y − X, 2Z, 2d·T).</summary>
    private struct Cached
    {
        public F YPlusX, YMinusX, Z2, T2D;

        public static Cached From(in EdwardsPoint p) => new()
        {
            YPlusX = F.Reduce(F.Add(p.Y, p.X)),
            YMinusX = F.Sub(p.Y, p.X),
            Z2 = F.Reduce(F.Add(p.Z, p.Z)),
            T2D = F.Mul(p.T, F.D2),
        };
    }

    private static readonly Cached[] BaseOdd = BuildOdd(EdwardsPoint.Base, 64);

    private static Cached[] BuildOdd(in EdwardsPoint p, int count)
    {
        var t = new Cached[count];
        FillOdd(p, t);
        return t;
    }

    private static void FillOdd(in EdwardsPoint p, Span<Cached> into)
    {
        var twice = EdwardsPoint.Double(p);
        var m = p;
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = Cached.From(m);
            m = EdwardsPoint.Add(m, twice);
        }
    }

    /// <summary>[a]A + [b]B; a and b are 32 bytes little endian below 2^255.</summary>
    public static EdwardsPoint Mul(ReadOnlySpan<byte> a, in EdwardsPoint pointA, ReadOnlySpan<byte> b)
    {
        Span<sbyte> nafA = stackalloc sbyte[256];
        Span<sbyte> nafB = stackalloc sbyte[256];
        Slide(a, nafA, 5);
        Slide(b, nafB, 8);
        Span<Cached> tableA = stackalloc Cached[8];
        FillOdd(pointA, tableA);

        var i = 255;
        while (i >= 0 && nafA[i] == 0 && nafB[i] == 0) i--;
        var r = EdwardsPoint.Identity;
        for (; i >= 0; i--)
        {
            r = EdwardsPoint.Double(r);
            if (nafA[i] > 0) r = Add(r, tableA[nafA[i] / 2]);
            else if (nafA[i] < 0) r = Sub(r, tableA[-nafA[i] / 2]);
            if (nafB[i] > 0) r = Add(r, BaseOdd[nafB[i] / 2]);
            else if (nafB[i] < 0) r = Sub(r, BaseOdd[-nafB[i] / 2]);
        }
        return r;
    }

    /// <summary>Signed digits, each zero or odd with |d| &lt; 2^(w−1), no two non-zero within w positions
    /// (the scalar must be below 2^255 so the top carry fits in 256 digits).</summary>
    private static void Slide(ReadOnlySpan<byte> s, Span<sbyte> r, int w)
    {
        var max = (1 << (w - 1)) - 1;
        for (var i = 0; i < 256; i++) r[i] = (sbyte)((s[i >> 3] >> (i & 7)) & 1);
        for (var i = 0; i < 256; i++)
        {
            if (r[i] == 0) continue;
            for (var j = 1; j < w && i + j < 256; j++)
            {
                if (r[i + j] == 0) continue;
                var shifted = r[i + j] << j;
                if (r[i] + shifted <= max)
                {
                    r[i] = (sbyte)(r[i] + shifted);
                    r[i + j] = 0;
                }
                else if (r[i] - shifted >= -max)
                {
                    r[i] = (sbyte)(r[i] - shifted);
                    for (var k = i + j; k < 256; k++)
                    {
                        if (r[k] == 0) { r[k] = 1; break; }
                        r[k] = 0;
                    }
                }
                else break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static EdwardsPoint Add(in EdwardsPoint p, in Cached q)
    {
        var a = F.Mul(F.Sub(p.Y, p.X), q.YMinusX);
        var b = F.Mul(F.Add(p.Y, p.X), q.YPlusX);
        var c = F.Mul(p.T, q.T2D);
        var d = F.Mul(p.Z, q.Z2);
        var e = F.Sub(b, a);
        var f = F.Sub(d, c);
        var g = F.Add(d, c);
        var h = F.Add(b, a);
        return new EdwardsPoint(F.Mul(e, f), F.Mul(g, h), F.Mul(f, g), F.Mul(e, h));
    }

    /// <summary>P − Q: Q's negation swaps Y ± X and negates T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static EdwardsPoint Sub(in EdwardsPoint p, in Cached q)
    {
        var a = F.Mul(F.Sub(p.Y, p.X), q.YPlusX);
        var b = F.Mul(F.Add(p.Y, p.X), q.YMinusX);
        var c = F.Mul(p.T, q.T2D);
        var d = F.Mul(p.Z, q.Z2);
        var e = F.Sub(b, a);
        var f = F.Add(d, c);
        var g = F.Sub(d, c);
        var h = F.Add(b, a);
        return new EdwardsPoint(F.Mul(e, f), F.Mul(g, h), F.Mul(f, g), F.Mul(e, h));
    }
}
