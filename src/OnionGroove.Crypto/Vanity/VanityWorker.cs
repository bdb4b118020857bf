using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// One search thread: a random start scalar s, then candidates s + 8n for n = 0, 1, 2, ...
/// Each batch adds ± every table entry j·8B to the centre point s·B + n·8B, keeps only the
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
        _g = new FieldElement[table.CandidatesPerBatch];
        _h = new FieldElement[table.CandidatesPerBatch];
        _acc = new FieldElement[table.CandidatesPerBatch];
        Reseed();
    }

    /// <summary>For tests: starts at a chosen scalar instead of a random one.</summary>
    internal VanityWorker(VanityTable table, VanityPrefix[] prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, ReadOnlySpan<byte> start)
        : this(table, prefixes, onHit)
    {
        for (var i = 0; i < 4; i++) _start[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(start[(8 * i)..]);
        SetCentre(VanityPoint.MulBase(start));
    }

    /// <summary>The first batch is centred on candidate m-1, so its lowest candidate is the start itself
    /// (offsets below it could clear bit 254 of the scalar).</summary>
    private void SetCentre(in VanityPoint startPoint)
    {
        var m = _table.Multiples.Length;
        _base = AddNiels(startPoint, _table.Multiples[m - 1]);
        _n = (ulong)(m - 1);
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
            SetCentre(VanityPoint.MulBase(s));
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
        var table = _table.Multiples;
        var m = table.Length;
        if (_n + (ulong)m > MaxStepsPerStart) Reseed();
        var count = 2 * m - 1;
        var g = _g.AsSpan(0, count);
        var h = _h.AsSpan(0, count);
        var acc = _acc.AsSpan(0, count);

        // Mixed additions centre ± j·8B up to the completed form, keeping only what y needs:
        // y = H/G with H = (Y+X)(y+x) + (Y-X)(y-x) and G = 2Z - T·2d·xy for +j·8B. Negating
        // the added point swaps (y+x) and (y-x) and negates 2d·xy, so -j·8B costs two more
        // multiplications instead of three. Slot j holds +j, slot m-1+j holds -j.
        var ypx = FieldElement.Add(_base.Y, _base.X);
        var ymx = FieldElement.Sub(_base.Y, _base.X);
        var z2 = FieldElement.Reduce(FieldElement.Add(_base.Z, _base.Z));
        var t = _base.T;
        for (var j = 0; j < m; j++)
        {
            ref readonly var q = ref table[j];
            var c = FieldElement.Mul(t, q.XY2D);
            h[j] = FieldElement.Add(FieldElement.Mul(ypx, q.YPlusX), FieldElement.Mul(ymx, q.YMinusX));
            g[j] = FieldElement.Sub(z2, c);
            if (j == 0) continue;
            h[m - 1 + j] = FieldElement.Add(FieldElement.Mul(ypx, q.YMinusX), FieldElement.Mul(ymx, q.YPlusX));
            g[m - 1 + j] = FieldElement.Add(z2, c);
        }

        // One inversion for the batch (Montgomery's trick), then walk back:
        // 1/G_i = (G_0…G_i)^-1 · (G_0…G_{i-1}).
        var running = g[0];
        acc[0] = running;
        for (var i = 1; i < count; i++) acc[i] = running = FieldElement.Mul(running, g[i]);
        var inv = FieldElement.Invert(running);
        var prefixes = _prefixes;
        for (var i = count - 1; i >= 0; i--)
        {
            FieldElement gInv;
            if (i > 0)
            {
                gInv = FieldElement.Mul(inv, acc[i - 1]);
                inv = FieldElement.Mul(inv, g[i]);
            }
            else gInv = inv;
            var low = FieldElement.Mul(h[i], gInv).CanonicalLow64();
            for (var k = 0; k < prefixes.Length; k++)
                if ((low & prefixes[k].Low64Mask) == prefixes[k].Low64Target)
                    Hit(i < m ? _n + (ulong)i : _n - (ulong)(i - m + 1), prefixes[k]);
        }

        _base = AddNiels(_base, _table.Stride);
        _n += (ulong)count;
        return count;
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
