using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// An affine point prepared for mixed addition: (y+x, y-x, 2d·x·y). Adding it to an extended
/// point costs three multiplications up to the completed form, which is all the search needs
/// to read off y.
/// </summary>
internal struct NielsPoint
{
    public FieldElement YPlusX, YMinusX, XY2D;

    /// <summary>Converts points to affine Niels form with one shared inversion (Montgomery's trick).</summary>
    public static NielsPoint[] FromPoints(ReadOnlySpan<VanityPoint> points)
    {
        var zInv = new FieldElement[points.Length];
        for (var i = 0; i < points.Length; i++) zInv[i] = points[i].Z;
        BatchInverter.InvertInPlace(zInv);
        var result = new NielsPoint[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var x = FieldElement.Mul(points[i].X, zInv[i]);
            var y = FieldElement.Mul(points[i].Y, zInv[i]);
            result[i] = new NielsPoint
            {
                YPlusX = FieldElement.Reduce(FieldElement.Add(y, x)),
                YMinusX = FieldElement.Sub(y, x),
                XY2D = FieldElement.Mul(FieldElement.Mul(x, y), FieldElement.D2),
            };
        }
        return result;
    }
}
