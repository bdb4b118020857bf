using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using F = OnionGroove.Crypto.Curve.FieldElement;

namespace OnionGroove.Crypto.Curve;

/// <summary>A point of edwards25519 (−x² + y² = 1 + d·x²·y²) in extended coordinates
/// (X:Y:Z:T) with x = X/Z, y = Y/Z, x·y = T/Z (Hisil–Wong–Carter–Dawson 2008).</summary>
/// <remarks><see cref="FieldElement.Add"/> does not carry, so every sum that feeds another sum
/// or a subtraction's right-hand side goes through <see cref="FieldElement.Reduce"/>.</remarks>
[SkipLocalsInit]
internal struct EdwardsPoint
{
    public F X, Y, Z, T;

    public EdwardsPoint(in F x, in F y, in F z, in F t)
    {
        X = x; Y = y; Z = z; T = t;
    }

    public static EdwardsPoint Identity => new(F.Zero, F.One, F.One, F.Zero);

    /// <summary>The base point B (RFC 8032 §5.1): y = 4/5, x even.</summary>
    public static EdwardsPoint Base { get; } = DecodeOrThrow(Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666"));

    private static EdwardsPoint DecodeOrThrow(ReadOnlySpan<byte> s) =>
        TryDecode(s, out var p, out var error) ? p : throw new InvalidOperationException(error);

    /// <summary>RFC 8032 §5.1.3 decoding, strict: y must be canonical (&lt; p), the point must be
    /// on the curve, and x = 0 must come with sign bit 0. It does not check the subgroup; see
    /// <see cref="IsTorsionFree"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> s, out EdwardsPoint point, [NotNullWhen(false)] out string? error)
    {
        point = default;
        if (s.Length != 32)
        {
            error = $"a point encoding is 32 bytes, got {s.Length}";
            return false;
        }
        if (!F.IsCanonical(s))
        {
            error = "non-canonical encoding (y ≥ 2^255 − 19)";
            return false;
        }
        var sign = s[31] >> 7;
        var y = F.FromBytes(s);
        var yy = F.Square(y);
        var u = F.Sub(yy, F.One);                    // y² − 1
        var v = F.Reduce(F.Add(F.Mul(yy, F.D), F.One)); // d·y² + 1
        // x = u·v³·(u·v⁷)^((p−5)/8) is a square root of u/v if one exists (RFC 8032 §5.1.3 step 3).
        var v3 = F.Mul(F.Square(v), v);
        var v7 = F.Mul(F.Square(v3), v);
        var x = F.Mul(F.Mul(u, v3), F.Pow22523(F.Mul(u, v7)));
        var vxx = F.Mul(v, F.Square(x));
        if (!vxx.ValueEquals(u))
        {
            if (!vxx.ValueEquals(F.Neg(u)))
            {
                error = "not a point on the curve";
                return false;
            }
            x = F.Mul(x, F.SqrtM1);
        }
        if (x.IsZero && sign == 1)
        {
            error = "non-canonical encoding (x = 0 with the sign bit set)";
            return false;
        }
        if ((x.IsNegative ? 1 : 0) != sign) x = F.Neg(x);
        point = new EdwardsPoint(x, y, F.One, F.Mul(x, y));
        error = null;
        return true;
    }

    /// <summary>RFC 8032 §5.1.2: y with the sign of x in the top bit.</summary>
    public readonly void Encode(Span<byte> into) => EncodeWithInverse(F.Invert(Z), into);

    /// <summary>Encodes each point to into[stride·i..] with one field inversion for all of them
    /// (<see cref="BatchInverter"/>). Runs in time independent of the values, as the points may be
    /// signature nonces.</summary>
    public static void EncodeAll(ReadOnlySpan<EdwardsPoint> points, Span<byte> into, int stride)
    {
        var n = points.Length;
        if (n == 0) return;
        if (stride < 32 || into.Length < stride * (n - 1) + 32) throw new ArgumentException("output too short for the points", nameof(into));
        var zInv = n <= 16 ? stackalloc F[16] : new F[n];
        var scratch = n <= 16 ? stackalloc F[16] : new F[n];
        zInv = zInv[..n];
        scratch = scratch[..n];
        for (var i = 0; i < n; i++) zInv[i] = points[i].Z;
        BatchInverter.InvertInPlace(zInv, scratch);
        for (var i = 0; i < n; i++) points[i].EncodeWithInverse(zInv[i], into.Slice(stride * i, 32));
        zInv.Clear();
        scratch.Clear();
    }

    private readonly void EncodeWithInverse(in F zInv, Span<byte> into)
    {
        var x = F.Mul(X, zInv);
        var y = F.Mul(Y, zInv);
        y.ToBytes(into);
        into[31] |= (byte)(x.IsNegative ? 0x80 : 0);
    }

    public readonly byte[] Encode()
    {
        var b = new byte[32];
        Encode(b);
        return b;
    }

    /// <summary>P + Q ("add-2008-hwcd-3", a = −1).</summary>
    public static EdwardsPoint Add(in EdwardsPoint p, in EdwardsPoint q)
    {
        var a = F.Mul(F.Sub(p.Y, p.X), F.Sub(q.Y, q.X));
        var b = F.Mul(F.Add(p.Y, p.X), F.Add(q.Y, q.X));
        var c = F.Mul(F.Mul(p.T, F.D2), q.T);
        var zz = F.Mul(p.Z, q.Z);
        var d = F.Reduce(F.Add(zz, zz));
        return Complete(b, a, c, d);
    }

    /// <summary>P + Q for Q in precomputed affine form (Z = 1), a "mixed" addition.</summary>
    public static EdwardsPoint Add(in EdwardsPoint p, in NielsPoint q)
    {
        var a = F.Mul(F.Sub(p.Y, p.X), q.YMinusX);
        var b = F.Mul(F.Add(p.Y, p.X), q.YPlusX);
        var c = F.Mul(p.T, q.XY2D);
        var d = F.Reduce(F.Add(p.Z, p.Z));
        return Complete(b, a, c, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static EdwardsPoint Complete(in F b, in F a, in F c, in F d)
    {
        var e = F.Sub(b, a);
        var f = F.Sub(d, c);
        var g = F.Add(d, c);
        var h = F.Add(b, a);
        return new EdwardsPoint(F.Mul(e, f), F.Mul(g, h), F.Mul(f, g), F.Mul(e, h));
    }

    /// <summary>2P ("dbl-2008-hwcd", a = −1).</summary>
    public static EdwardsPoint Double(in EdwardsPoint p)
    {
        var a = F.Square(p.X);
        var b = F.Square(p.Y);
        var c = F.Square2(p.Z);
        var e = F.Sub(F.Sub(F.Square(F.Add(p.X, p.Y)), a), b); // 2xy
        var g = F.Sub(b, a);                                   // y² − x²  (= D + B with D = −A)
        var f = F.Sub(g, c);
        var h = F.Neg(F.Reduce(F.Add(a, b)));                  // −x² − y²
        return new EdwardsPoint(F.Mul(e, f), F.Mul(g, h), F.Mul(f, g), F.Mul(e, h));
    }

    public static EdwardsPoint Negate(in EdwardsPoint p) => new(F.Neg(p.X), p.Y, p.Z, F.Neg(p.T));

    /// <summary>k·P for a public point and a public scalar (variable time; 4-bit window).</summary>
    public static EdwardsPoint MulVartime(in EdwardsPoint p, ReadOnlySpan<byte> scalar)
    {
        Span<EdwardsPoint> table = stackalloc EdwardsPoint[16];
        table[0] = Identity;
        for (var i = 1; i < 16; i++) table[i] = Add(table[i - 1], p);
        var r = Identity;
        for (var i = scalar.Length - 1; i >= 0; i--)
        {
            r = Double(Double(Double(Double(r))));
            if (scalar[i] >> 4 != 0) r = Add(r, table[scalar[i] >> 4]);
            r = Double(Double(Double(Double(r))));
            if ((scalar[i] & 15) != 0) r = Add(r, table[scalar[i] & 15]);
        }
        return r;
    }

    /// <summary>k·B for a (possibly secret) scalar, through the precomputed base-point table.</summary>
    public static EdwardsPoint MulBase(ReadOnlySpan<byte> scalar) => BasePointTable.Mul(scalar);

    /// <summary>k·P for a secret 32-byte scalar (all 256 bits, not reduced) by double-and-add with a
    /// branch-free select, so the time does not depend on k. Several times slower than
    /// <see cref="MulBase"/>, but it shares no table with it: the vanity search re-derives every
    /// hit with it so that a fault in one path cannot produce a wrong key.</summary>
    public static EdwardsPoint MulDoubleAndAdd(in EdwardsPoint p, ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != 32) throw new ArgumentException("a scalar is 32 bytes", nameof(scalar));
        var r = Identity;
        for (var i = 255; i >= 0; i--)
        {
            r = Double(r);
            var sum = Add(r, p);
            r = Select(r, sum, (scalar[i >> 3] >> (i & 7)) & 1);
        }
        return r;
    }

    /// <summary>Returns b when choice = 1, a when 0, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static EdwardsPoint Select(in EdwardsPoint a, in EdwardsPoint b, int choice) =>
        new(F.Select(a.X, b.X, choice), F.Select(a.Y, b.Y, choice), F.Select(a.Z, b.Z, choice), F.Select(a.T, b.T, choice));

    public readonly bool IsIdentity => X.IsZero && F.Sub(Y, Z).IsZero;

    /// <summary>True when l·P is the identity, i.e. P has no small-order component (tor's
    /// ed25519_validate_pubkey does the same check).</summary>
    public readonly bool IsTorsionFree => MulVartime(this, Scalar.OrderBytes).IsIdentity;

    /// <summary>Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1.</summary>
    public readonly bool PointEquals(in EdwardsPoint other) =>
        F.Mul(X, other.Z).ValueEquals(F.Mul(other.X, Z)) && F.Mul(Y, other.Z).ValueEquals(F.Mul(other.Y, Z));

    public void Clear() => this = default;
}
