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
    private readonly FieldElement[] _g, _h, _scratch;
    private readonly ulong[] _start = new ulong[4];
    private EdwardsPoint _base;
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
        _scratch = new FieldElement[table.CandidatesPerBatch];
        Reseed();
    }

    /// <summary>For tests: starts at a chosen scalar instead of a random one.</summary>
    internal VanityWorker(VanityTable table, VanityPrefix[] prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, ReadOnlySpan<byte> start)
        : this(table, prefixes, onHit)
    {
        for (var i = 0; i < 4; i++) _start[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(start[(8 * i)..]);
        SetCentre(EdwardsPoint.MulBase(start));
    }

    /// <summary>The first batch is centred on candidate m-1, so its lowest candidate is the start itself
    /// (offsets below it could clear bit 254 of the scalar).</summary>
    private void SetCentre(in EdwardsPoint startPoint)
    {
        var m = _table.Multiples.Length;
        _base = EdwardsPoint.Add(startPoint, _table.Multiples[m - 1]);
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
            SetCentre(EdwardsPoint.MulBase(s));
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

        // One inversion for the whole batch; each 1/G goes straight into y = H/G and the prefix test.
        var check = new PrefixCheck(this, h, m);
        BatchInverter.InvertEach(g, _scratch.AsSpan(0, count), ref check);

        _base = EdwardsPoint.Add(_base, _table.Stride);
        _n += (ulong)count;
        return count;
    }

    /// <summary>Candidate i of the batch is y = H_i/G_i: its low 64 bits against every prefix.</summary>
    private readonly ref struct PrefixCheck(VanityWorker worker, ReadOnlySpan<FieldElement> h, int m) : IInverseSink
    {
        private readonly ReadOnlySpan<FieldElement> _h = h;
        private readonly VanityPrefix[] _prefixes = worker._prefixes;
        private readonly ulong _n = worker._n;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Take(int i, in FieldElement gInv)
        {
            var low = FieldElement.Mul(_h[i], gInv).CanonicalLow64();
            var prefixes = _prefixes;
            for (var k = 0; k < prefixes.Length; k++)
                if ((low & prefixes[k].Low64Mask) == prefixes[k].Low64Target)
                    worker.Hit(i < m ? _n + (ulong)i : _n - (ulong)(i - m + 1), prefixes[k]);
        }
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

    /// <summary>Forgets the start scalar.</summary>
    public void Dispose()
    {
        Array.Clear(_start);
        _base = default;
    }
}
