using System.Runtime.CompilerServices;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// An edwards25519 point in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, T = XY/Z, with just
/// the operations the search needs to set itself up: doubling, addition and a constant-time
/// multiple of the base point. The hot loop works on <see cref="NielsPoint"/> tables instead.
/// </summary>
[SkipLocalsInit]
internal struct VanityPoint
{
    public FieldElement X, Y, Z, T;

    public static VanityPoint Identity => new() { X = FieldElement.Zero, Y = FieldElement.One, Z = FieldElement.One, T = FieldElement.Zero };

    /// <summary>The base point B (RFC 8032 §5.1: y = 4/5, x even).</summary>
    public static VanityPoint Base => new()
    {
        X = new FieldElement(1738742601995546, 1146398526822698, 2070867633025821, 562264141797630, 587772402128613),
        Y = new FieldElement(1801439850948184, 1351079888211148, 450359962737049, 900719925474099, 1801439850948198),
        Z = FieldElement.One,
        T = new FieldElement(1841354044333475, 16398895984059, 755974180946558, 900171276175154, 1821297809914039),
    };

    /// <summary>P + Q, unified formula for a = -1 ("add-2008-hwcd-3"), valid for all inputs including P = Q.</summary>
    public static VanityPoint Add(in VanityPoint p, in VanityPoint q)
    {
        var a = FieldElement.Mul(FieldElement.Sub(p.Y, p.X), FieldElement.Sub(q.Y, q.X));
        var b = FieldElement.Mul(FieldElement.Add(p.Y, p.X), FieldElement.Add(q.Y, q.X));
        var c = FieldElement.Mul(FieldElement.Mul(p.T, FieldElement.D2), q.T);
        var d = FieldElement.Mul(p.Z, FieldElement.Add(q.Z, q.Z));
        return FromCompleted(FieldElement.Sub(b, a), FieldElement.Sub(d, c), FieldElement.Add(d, c), FieldElement.Add(b, a));
    }

    /// <summary>2P ("dbl-2008-hwcd" for a = -1).</summary>
    public static VanityPoint Double(in VanityPoint p)
    {
        var a = FieldElement.Square(p.X);
        var b = FieldElement.Square(p.Y);
        var c = FieldElement.Square2(p.Z);
        var h = FieldElement.Add(a, b);
        var e = FieldElement.Sub(h, FieldElement.Square(FieldElement.Add(p.X, p.Y)));
        var g = FieldElement.Sub(a, b);
        var f = FieldElement.Add(c, g);
        return FromCompleted(e, f, g, h);
    }

    /// <summary>The completed point x = E/F, y = H/G back to extended coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VanityPoint FromCompleted(in FieldElement e, in FieldElement f, in FieldElement g, in FieldElement h) => new()
    {
        X = FieldElement.Mul(e, f),
        Y = FieldElement.Mul(g, h),
        Z = FieldElement.Mul(f, g),
        T = FieldElement.Mul(e, h),
    };

    /// <summary>s·B for a 256-bit little-endian scalar, by double-and-add with a branch-free
    /// select (the scalar is secret), so the time does not depend on its bits.</summary>
    public static VanityPoint MulBase(ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != 32) throw new ArgumentException("a scalar is 32 bytes", nameof(scalar));
        var b = Base;
        var r = Identity;
        for (var i = 255; i >= 0; i--)
        {
            r = Double(r);
            var sum = Add(r, b);
            r = Select(r, sum, (scalar[i >> 3] >> (i & 7)) & 1);
        }
        return r;
    }

    private static VanityPoint Select(in VanityPoint a, in VanityPoint b, int choice) => new()
    {
        X = FieldElement.Select(a.X, b.X, choice),
        Y = FieldElement.Select(a.Y, b.Y, choice),
        Z = FieldElement.Select(a.Z, b.Z, choice),
        T = FieldElement.Select(a.T, b.T, choice),
    };

    /// <summary>The 32-byte ed25519 encoding: y with the sign of x in the top bit (RFC 8032 §5.1.2).</summary>
    public readonly void Encode(Span<byte> into)
    {
        var zInv = FieldElement.Invert(Z);
        var x = FieldElement.Mul(X, zInv);
        FieldElement.Mul(Y, zInv).ToBytes(into);
        into[31] |= (byte)(x.IsNegative ? 0x80 : 0);
    }
}
