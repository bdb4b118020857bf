using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OnionGroove.Crypto.Curve;
using F8 = OnionGroove.Crypto.Curve.FieldElement8;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// The search thread on AVX-512: eight lanes, each a run of 2M−1 consecutive candidates around
/// its own centre, computed together (lane L of a batch covers candidates
/// n₀ + L·(2M−1) … n₀ + (L+1)·(2M−1) − 1 of one start s).
/// </summary>
/// <remarks>
/// Only the public key's y is needed to test a prefix (the encoding is y plus x's sign bit, RFC 8032
/// §5.1.2); a hit's full key is recomputed from its scalar. For a centre C = (X:Y:Z:T) and a table
/// point ±Q = (±x, y) with k = d·x·y, twisted Edwards addition gives
///   y(C ± Q) = (Y·y ± X·x) / (Z ∓ T·k),
/// so each pair ±Q costs three multiplications, shared by both signs. Montgomery's trick turns the
/// 2M−1 divisions into one inversion and three multiplications each, and y = H·(1/G) one more:
/// about 5.5 multiplications per candidate, each done for eight candidates by one
/// <see cref="FieldElement8.Mul"/>.
/// </remarks>
[SkipLocalsInit]
internal sealed class VanityLaneWorker : IVanityWorker
{
    private const int Lanes = F8.Lanes;

    private readonly VanityTable _table;
    private readonly VanityPrefixSet _prefixes;
    private readonly Action<ReadOnlySpan<byte>, VanityPrefix> _onHit;
    private readonly VanityStart _start;
    private readonly EdwardsPoint[] _centres = new EdwardsPoint[Lanes];

    /// <summary>H, G and the running products of G for one batch, 64-byte aligned (see <see cref="Slots"/>).</summary>
    private readonly ulong[] _buffer;
    private readonly int _alignedOffset;

    /// <summary>Candidate index (n of s + 8n) of lane 0's first candidate in the next batch.</summary>
    private ulong _n;

    public VanityLaneWorker(VanityTable table, VanityPrefixSet prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, VanityStart start)
        : this(table, prefixes, onHit, start, fixedStart: default) { }

    /// <summary>For tests: starts at a chosen secret scalar instead of a random one.</summary>
    internal VanityLaneWorker(VanityTable table, VanityPrefixSet prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, ReadOnlySpan<byte> start)
        : this(table, prefixes, onHit, new VanityStart(), start) { }

    private VanityLaneWorker(VanityTable table, VanityPrefixSet prefixes, Action<ReadOnlySpan<byte>, VanityPrefix> onHit, VanityStart start, ReadOnlySpan<byte> fixedStart)
    {
        _start = start;
        if (!F8.IsSupported) throw new PlatformNotSupportedException("the eight-lane vanity search needs AVX-512");
        _table = table;
        _prefixes = prefixes;
        _onHit = onHit;
        var elements = 3 * CandidatesPerLane * Unsafe.SizeOf<F8>() / sizeof(ulong);
        // Pinned, so the offset that aligns it to a cache line stays valid; 512-bit loads that
        // straddle two lines cost extra.
        _buffer = GC.AllocateArray<ulong>(elements + 8, pinned: true);
        _alignedOffset = (int)((64 - Marshal.UnsafeAddrOfPinnedArrayElement(_buffer, 0) % 64) % 64 / sizeof(ulong));
        SetStart(fixedStart.IsEmpty ? _start.Reseed() : _start.Set(fixedStart));
    }

    private int M => _table.Multiples.Length;
    private int CandidatesPerLane => _table.CandidatesPerBatch;

    private Span<F8> Slots => MemoryMarshal.Cast<ulong, F8>(_buffer.AsSpan(_alignedOffset));

    /// <summary>Lane L's centre is candidate L·(2M−1) + M−1, so its lowest candidate is L·(2M−1).</summary>
    private void SetStart(in EdwardsPoint startPoint)
    {
        _centres[0] = EdwardsPoint.Add(startPoint, _table.Multiples[M - 1]);
        for (var lane = 1; lane < Lanes; lane++) _centres[lane] = EdwardsPoint.Add(_centres[lane - 1], _table.Stride);
        _n = 0;
    }

    public int RunBatch()
    {
        var m = M;
        var count = CandidatesPerLane;
        var total = Lanes * count;
        if (_n + (ulong)total > VanityStart.MaxSteps) SetStart(_start.Reseed());

        var slots = Slots;
        var h = slots[..count];
        var g = slots.Slice(count, count);
        var products = slots.Slice(2 * count, count);

        F8 x, y, z, t;
        {
            Span<FieldElement> lane = stackalloc FieldElement[Lanes];
            for (var i = 0; i < Lanes; i++) lane[i] = _centres[i].X;
            x = F8.FromLanes(lane);
            for (var i = 0; i < Lanes; i++) lane[i] = _centres[i].Y;
            y = F8.FromLanes(lane);
            for (var i = 0; i < Lanes; i++) lane[i] = _centres[i].Z;
            z = F8.FromLanes(lane);
            for (var i = 0; i < Lanes; i++) lane[i] = _centres[i].T;
            t = F8.FromLanes(lane);
        }

        // Slot 0 is the centre (+0); slot 2j−1 is +j·8B and slot 2j is −j·8B. The running
        // products of the G's are taken as they are made (Montgomery's trick, first half).
        ReadOnlySpan<ulong> limbs = _table.LaneLimbs;
        var running = default(F8);
        for (var j = 0; j < m; j++)
        {
            var row = limbs.Slice(30 * j, 30);
            var yy = F8.Mul(y, F8.Broadcast(row[..10]));
            var xx = F8.Mul(x, F8.Broadcast(row[10..20]));
            var c = F8.Mul(t, F8.Broadcast(row[20..]));
            if (j == 0)
            {
                h[0] = F8.Add(yy, xx);
                g[0] = F8.Sub(z, c);
                products[0] = running = g[0];
                continue;
            }
            int plus = 2 * j - 1, minus = 2 * j;
            h[plus] = F8.Add(yy, xx);
            g[plus] = F8.Sub(z, c);
            products[plus] = running = F8.Mul(running, g[plus]);
            h[minus] = F8.Sub(yy, xx);
            g[minus] = F8.Add(z, c);
            products[minus] = running = F8.Mul(running, g[minus]);
        }

        // Second half: walk back, each 1/G_i straight into y = H_i/G_i and the prefix test.
        var inv = F8.Invert(running);
        Span<ulong> low = stackalloc ulong[Lanes];
        for (var i = count - 1; i > 0; i--)
        {
            var gInv = F8.Mul(inv, products[i - 1]);
            inv = F8.Mul(inv, g[i]);
            Check(F8.Mul(h[i], gInv), i, low);
        }
        Check(F8.Mul(h[0], inv), 0, low);

        for (var lane = 0; lane < Lanes; lane++) _centres[lane] = EdwardsPoint.Add(_centres[lane], _table.LaneStride);
        _n += (ulong)total;
        return total;
    }

    /// <summary>All eight lanes' y against every prefix: one filter, and a branch practically never taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Check(in F8 yValue, int slot, Span<ulong> low)
    {
        var low64 = yValue.CanonicalLow64();
        var pass = _prefixes.Filter(low64, low);
        if (pass != 0) CheckExactly(low64, pass, slot, low);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckExactly(Vector512<ulong> low64, uint pass, int slot, Span<ulong> low)
    {
        low64.CopyTo(low);
        for (var lane = 0; lane < Lanes; lane++)
        {
            if ((pass & (1u << lane)) == 0 || _prefixes.Exact(low[lane]) is not { } prefix) continue;
            var offset = slot == 0 ? 0L : (slot & 1) == 1 ? (slot + 1) / 2 : -(slot / 2);
            Hit(_n + (ulong)(lane * CandidatesPerLane + M - 1 + offset), prefix);
        }
    }

    private void Hit(ulong n, VanityPrefix prefix) => _start.Report(n, prefix, _onHit);

    /// <summary>Forgets the start scalar and the centres derived from it.</summary>
    public void Dispose()
    {
        _start.Dispose();
        Array.Clear(_centres);
        Array.Clear(_buffer);
    }
}
