using System.Runtime.CompilerServices;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// One search thread without AVX-512 (see <see cref="VanityLaneWorker"/> for the faster one): a
/// random start scalar s, then candidates s + 8n for n = 0, 1, 2, ...
/// Each batch adds ± every table entry j·8B to the centre point s·B + n·8B, keeps only the
/// completed-form y = H/G, inverts all G at once and compares the low key bits with the prefixes.
/// </summary>
[SkipLocalsInit]
internal sealed class VanityWorker : IVanityWorker
{
    private readonly VanityTable _table;
    private readonly VanityPrefixSet _prefixes;
    private readonly FieldElement[] _g, _h, _scratch;
    private readonly VanityStart _start;
    private EdwardsPoint _base;
    private ulong _n;

    /// <summary>Called with (scalar, prefix) for each candidate whose low 64 key bits match.</summary>
    private readonly Action<ReadOnlySpan<byte>, VanityPrefix> _onHit;

    public VanityWorker(VanityTable table, VanityPrefixSet prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, VanityStart start)
        : this(table, prefixes, onHit, start, fixedStart: default) { }

    /// <summary>For tests: starts at a chosen secret scalar instead of a random one.</summary>
    internal VanityWorker(VanityTable table, VanityPrefixSet prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, ReadOnlySpan<byte> start)
        : this(table, prefixes, onHit, new VanityStart(), start) { }

    private VanityWorker(VanityTable table, VanityPrefixSet prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, VanityStart start, ReadOnlySpan<byte> fixedStart)
    {
        _start = start;
        _table = table;
        _prefixes = prefixes;
        _onHit = onHit;
        _g = new FieldElement[table.CandidatesPerBatch];
        _h = new FieldElement[table.CandidatesPerBatch];
        _scratch = new FieldElement[table.CandidatesPerBatch];
        SetCentre(fixedStart.IsEmpty ? _start.Reseed() : _start.Set(fixedStart));
    }

    /// <summary>The first batch is centred on candidate m-1, so its lowest candidate is the start itself
    /// (offsets below it could clear bit 254 of the scalar).</summary>
    private void SetCentre(in EdwardsPoint startPoint)
    {
        var m = _table.Multiples.Length;
        _base = EdwardsPoint.Add(startPoint, _table.Multiples[m - 1]);
        _n = (ulong)(m - 1);
    }

    /// <summary>Evaluates one batch; returns the number of candidates tried.</summary>
    public int RunBatch()
    {
        var table = _table.Multiples;
        var m = table.Length;
        if (_n + (ulong)m > VanityStart.MaxSteps) SetCentre(_start.Reseed());
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
        private readonly VanityPrefixSet _prefixes = worker._prefixes;
        private readonly ulong _n = worker._n;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Take(int i, in FieldElement gInv)
        {
            var low = FieldElement.Mul(_h[i], gInv).CanonicalLow64();
            if (_prefixes.Find(low) is { } prefix)
                worker.Hit(i < m ? _n + (ulong)i : _n - (ulong)(i - m + 1), prefix);
        }
    }

    private void Hit(ulong n, VanityPrefix prefix) => _start.Report(n, prefix, _onHit);

    /// <summary>Forgets the start scalar.</summary>
    public void Dispose()
    {
        _start.Dispose();
        _base = default;
    }
}
