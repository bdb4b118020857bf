using System.Runtime.CompilerServices;
using F = OnionGroove.Crypto.Curve.FieldElement;

namespace OnionGroove.Crypto.Curve;

/// <summary>An affine point precomputed for mixed addition: (y + x, y − x, 2·d·x·y).</summary>
internal struct NielsPoint
{
    public F YPlusX, YMinusX, XY2D;

    public static NielsPoint Identity => new() { YPlusX = F.One, YMinusX = F.One, XY2D = F.Zero };

    public static NielsPoint FromAffine(in F x, in F y) => new()
    {
        YPlusX = F.Reduce(F.Add(y, x)),
        YMinusX = F.Sub(y, x),
        XY2D = F.Mul(F.Mul(x, y), F.D2),
    };

    /// <summary>Converts extended points to affine Niels form with one shared inversion (see
    /// <see cref="BatchInverter"/>): how fixed tables (the base-point table, the vanity search's
    /// steps) are built. No point may have Z = 0, which a valid extended point never has.</summary>
    public static NielsPoint[] FromExtended(ReadOnlySpan<EdwardsPoint> points)
    {
        var zInv = new F[points.Length];
        for (var i = 0; i < points.Length; i++) zInv[i] = points[i].Z;
        BatchInverter.InvertInPlace(zInv, new F[points.Length]);
        var result = new NielsPoint[points.Length];
        for (var i = 0; i < points.Length; i++)
            result[i] = FromAffine(F.Mul(points[i].X, zInv[i]), F.Mul(points[i].Y, zInv[i]));
        return result;
    }

    /// <summary>Returns b when choice = 1, a when 0, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NielsPoint Select(in NielsPoint a, in NielsPoint b, int choice) => new()
    {
        YPlusX = F.Select(a.YPlusX, b.YPlusX, choice),
        YMinusX = F.Select(a.YMinusX, b.YMinusX, choice),
        XY2D = F.Select(a.XY2D, b.XY2D, choice),
    };

    /// <summary>−P when negate = 1 (swap y±x, negate 2dxy), without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NielsPoint ConditionalNegate(in NielsPoint p, int negate)
    {
        var ypx = p.YPlusX;
        var ymx = p.YMinusX;
        F.ConditionalSwap(ref ypx, ref ymx, negate);
        return new NielsPoint { YPlusX = ypx, YMinusX = ymx, XY2D = F.ConditionalNegate(p.XY2D, negate) };
    }
}
