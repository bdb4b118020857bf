using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// The precomputed multiples every worker shares: j·(8B) for j in [0, M) and the stride
/// (2M-1)·(8B). A batch evaluates centre ± j·8B for all j from one extended centre point, so
/// each batch covers 2M-1 consecutive candidates.
/// </summary>
/// <remarks>
/// Steps are 8B, not B, so every candidate scalar start + 8n keeps the three low bits clear that
/// ed25519 clamping clears (tor and others expect a multiple of the cofactor).
/// </remarks>
internal sealed class VanityTable
{
    public NielsPoint[] Multiples { get; }
    public NielsPoint Stride { get; }

    /// <summary>For the eight-lane search: per multiple j, the limbs (see <see cref="FieldElement8.LimbsOf"/>)
    /// of its affine y, x and d·x·y, 30 ulongs per multiple.</summary>
    public ulong[] LaneLimbs { get; }

    /// <summary>Eight strides: how far all eight lanes move per batch.</summary>
    public NielsPoint LaneStride { get; }

    /// <summary>Candidates per batch: the centre and M-1 on either side.</summary>
    public int CandidatesPerBatch => 2 * Multiples.Length - 1;

    private VanityTable(NielsPoint[] multiples, NielsPoint stride, ulong[] laneLimbs, NielsPoint laneStride)
    {
        Multiples = multiples;
        Stride = stride;
        LaneLimbs = laneLimbs;
        LaneStride = laneStride;
    }

    private static readonly Dictionary<int, VanityTable> Cache = [];

    /// <summary>The table for batches of about <paramref name="batchSize"/> candidates (2·(batchSize/2) - 1 exactly).</summary>
    public static VanityTable For(int batchSize)
    {
        if (batchSize < 4 || batchSize > 1 << 16) throw new ArgumentOutOfRangeException(nameof(batchSize), "between 4 and 65536");
        lock (Cache)
        {
            if (!Cache.TryGetValue(batchSize, out var table)) Cache[batchSize] = table = Build(batchSize / 2);
            return table;
        }
    }

    private static VanityTable Build(int m)
    {
        var step = EdwardsPoint.Double(EdwardsPoint.Double(EdwardsPoint.Double(EdwardsPoint.Base)));
        var points = new EdwardsPoint[m + 1];
        points[0] = EdwardsPoint.Identity;
        for (var j = 1; j < m; j++) points[j] = EdwardsPoint.Add(points[j - 1], step);
        // The stride (2m-1)·step = (m-1)·step + m·step.
        var mStep = EdwardsPoint.Add(points[m - 1], step);
        points[m] = EdwardsPoint.Add(points[m - 1], mStep);
        var niels = NielsPoint.FromExtended(points);
        var laneStride = NielsPoint.FromExtended([EdwardsPoint.Double(EdwardsPoint.Double(EdwardsPoint.Double(points[m])))])[0];
        return new VanityTable(niels[..m], niels[m], LaneTable(points.AsSpan(0, m)), laneStride);
    }

    private static ulong[] LaneTable(ReadOnlySpan<EdwardsPoint> points)
    {
        var zInv = new FieldElement[points.Length];
        for (var i = 0; i < points.Length; i++) zInv[i] = points[i].Z;
        BatchInverter.InvertInPlace(zInv, new FieldElement[points.Length]);
        var limbs = new ulong[30 * points.Length];
        Span<byte> bytes = stackalloc byte[32];
        for (var j = 0; j < points.Length; j++)
        {
            var x = FieldElement.Mul(points[j].X, zInv[j]);
            var y = FieldElement.Mul(points[j].Y, zInv[j]);
            var dxy = FieldElement.Mul(FieldElement.Mul(x, y), FieldElement.D);
            y.ToBytes(bytes); FieldElement8.LimbsOf(bytes, limbs.AsSpan(30 * j, 10));
            x.ToBytes(bytes); FieldElement8.LimbsOf(bytes, limbs.AsSpan(30 * j + 10, 10));
            dxy.ToBytes(bytes); FieldElement8.LimbsOf(bytes, limbs.AsSpan(30 * j + 20, 10));
        }
        return limbs;
    }
}
