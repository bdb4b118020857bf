using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// One search thread: a random start scalar s, then candidates s + 8n for n = 0, 1, 2, ...
/// Each batch adds every table entry j·8B to the base point s·B + n·8B, keeps only the
/// completed-form y = H/G, inverts all G at once and compares the low key bits with the prefixes.
/// </summary>
[SkipLocalsInit]
internal sealed class VanityWorker : IDisposable
{
    /// <summary>Candidates per start before drawing a new one: keeps s + 8n below 2^255 so the
    /// scalar stays in clamped form (bit 254 set, bit 255 clear).</summary>
    internal const ulong MaxStepsPerStart = 1UL << 40;

    private readonly VanityTable _table;
    private readonly VanityPrefix[] _prefixes;
    private readonly FieldElement[] _g, _h, _acc;
    private readonly ulong[] _start = new ulong[4];
    private VanityPoint _base;
    private ulong _n;

    /// <summary>Called with (scalar, prefix) for each candidate whose low 64 key bits match.</summary>
    private readonly Action<ReadOnlySpan<byte>, VanityPrefix> _onHit;

    public VanityWorker(VanityTable table, VanityPrefix[] prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit)
    {
        _table = table;
        _prefixes = prefixes;
        _onHit = onHit;
        _g = new FieldElement[table.BatchSize];
        _h = new FieldElement[table.BatchSize];
        _acc = new FieldElement[table.BatchSize];
        Reseed();
    }

    /// <summary>For tests: starts at a chosen scalar instead of a random one.</summary>
    internal VanityWorker(VanityTable table, VanityPrefix[] prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, ReadOnlySpan<byte> start)
        : this(table, prefixes, onHit)
    {
        for (var i = 0; i < 4; i++) _start[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(start[(8 * i)..]);
        _base = VanityPoint.MulBase(start);
        _n = 0;
    }

    /// <summary>Draws a fresh clamped start scalar (RFC 8032 §5.1.5 bit rules) and computes s·B.</summary>
    private void Reseed()
    {
        Span<byte> s = stackalloc byte[32];
        try
        {
            do
            {
                RandomNumberGenerator.Fill(s);
                s[0] &= 248;
                s[31] &= 127;
                s[31] |= 64;
                for (var i = 0; i < 4; i++) _start[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s[(8 * i)..]);
            }
            while (!HasRoomFor(MaxStepsPerStart));
            _base = VanityPoint.MulBase(s);
            _n = 0;
        }
        finally { CryptographicOperations.ZeroMemory(s); }
    }

    /// <summary>Whether start + 8·steps stays below 2^255.</summary>
    private bool HasRoomFor(ulong steps)
    {
        Span<ulong> sum = stackalloc ulong[4];
        AddOffset(_start, steps * 8, sum);
        return sum[3] >> 63 == 0;
    }

    private static void AddOffset(ReadOnlySpan<ulong> start, ulong offset, Span<ulong> sum)
    {
        ulong carry = offset;
        for (var i = 0; i < 4; i++)
        {
            sum[i] = start[i] + carry;
            carry = sum[i] < carry ? 1UL : 0UL;
        }
    }

    /// <summary>Writes the scalar of candidate n of the current start (start + 8n, little endian).</summary>
    private void ScalarOf(ulong n, Span<byte> into)
    {
        Span<ulong> sum = stackalloc ulong[4];
        AddOffset(_start, n * 8, sum);
        for (var i = 0; i < 4; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(into[(8 * i)..], sum[i]);
        sum.Clear();
    }

    /// <summary>Evaluates one batch; returns the number of candidates tried.</summary>
    public int RunBatch()
    {
        if (_n + (ulong)_table.BatchSize > MaxStepsPerStart) Reseed();
        var table = _table.Multiples;
        var g = _g.AsSpan(0, table.Length);
        var h = _h.AsSpan(0, table.Length);
        var acc = _acc.AsSpan(0, table.Length);

        // Mixed addition base + j·8B up to the completed form, keeping only what y needs:
        // y = H/G with H = (Y+X)(y+x) + (Y-X)(y-x) and G = 2Z - T·2d·xy.
        var ypx = FieldElement.Add(_base.Y, _base.X);
        var ymx = FieldElement.Sub(_base.Y, _base.X);
        var z2 = FieldElement.Add(_base.Z, _base.Z);
        var t = _base.T;
        var running = FieldElement.One;
        for (var j = 0; j < table.Length; j++)
        {
            ref readonly var q = ref table[j];
            var a = FieldElement.Mul(ymx, q.YMinusX);
            var b = FieldElement.Mul(ypx, q.YPlusX);
            var c = FieldElement.Mul(t, q.XY2D);
            h[j] = FieldElement.Add(b, a);
            var gj = FieldElement.Sub(z2, c);
            g[j] = gj;
            running = j == 0 ? gj : FieldElement.Mul(running, gj);
            acc[j] = running;
        }

        // One inversion for the batch, then walk back: 1/G_j = (G_0…G_j)^-1 · (G_0…G_{j-1}).
        var inv = FieldElement.Invert(running);
        var prefixes = _prefixes;
        for (var j = table.Length - 1; j >= 0; j--)
        {
            FieldElement gInv;
            if (j > 0)
            {
                gInv = FieldElement.Mul(inv, acc[j - 1]);
                inv = FieldElement.Mul(inv, g[j]);
            }
            else gInv = inv;
            var low = FieldElement.Mul(h[j], gInv).CanonicalLow64();
            for (var k = 0; k < prefixes.Length; k++)
                if ((low & prefixes[k].Low64Mask) == prefixes[k].Low64Target) Hit(_n + (ulong)j, prefixes[k]);
        }

        _base = AddNiels(_base, _table.Stride);
        _n += (ulong)table.Length;
        return table.Length;
    }

    private void Hit(ulong n, VanityPrefix prefix)
    {
        Span<byte> scalar = stackalloc byte[32];
        try
        {
            ScalarOf(n, scalar);
            _onHit(scalar, prefix);
        }
        finally { CryptographicOperations.ZeroMemory(scalar); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VanityPoint AddNiels(in VanityPoint p, in NielsPoint q)
    {
        var a = FieldElement.Mul(FieldElement.Sub(p.Y, p.X), q.YMinusX);
        var b = FieldElement.Mul(FieldElement.Add(p.Y, p.X), q.YPlusX);
        var c = FieldElement.Mul(p.T, q.XY2D);
        var d = FieldElement.Reduce(FieldElement.Add(p.Z, p.Z));
        var e = FieldElement.Sub(b, a);
        var f = FieldElement.Sub(d, c);
        var gg = FieldElement.Add(d, c);
        var hh = FieldElement.Add(b, a);
        return new VanityPoint
        {
            X = FieldElement.Mul(e, f),
            Y = FieldElement.Mul(gg, hh),
            Z = FieldElement.Mul(f, gg),
            T = FieldElement.Mul(e, hh),
        };
    }

    /// <summary>Forgets the start scalar.</summary>
    public void Dispose()
    {
        Array.Clear(_start);
        _base = default;
    }
}
