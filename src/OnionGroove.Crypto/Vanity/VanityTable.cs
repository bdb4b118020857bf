namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// The precomputed multiples every worker shares: j·(8B) for j in [0, BatchSize) and the stride
/// BatchSize·(8B). A batch then evaluates base + j·8B for all j from one extended base point.
/// </summary>
/// <remarks>
/// Steps are 8B, not B, so every candidate scalar start + 8n keeps the three low bits clear that
/// ed25519 clamping clears (tor and others expect a multiple of the cofactor).
/// </remarks>
internal sealed class VanityTable
{
    public NielsPoint[] Multiples { get; }
    public NielsPoint Stride { get; }
    public int BatchSize => Multiples.Length;

    private VanityTable(NielsPoint[] multiples, NielsPoint stride)
    {
        Multiples = multiples;
        Stride = stride;
    }

    private static readonly Dictionary<int, VanityTable> Cache = [];

    public static VanityTable For(int batchSize)
    {
        if (batchSize < 1 || batchSize > 1 << 16) throw new ArgumentOutOfRangeException(nameof(batchSize));
        lock (Cache)
        {
            if (!Cache.TryGetValue(batchSize, out var table)) Cache[batchSize] = table = Build(batchSize);
            return table;
        }
    }

    private static VanityTable Build(int batchSize)
    {
        var step = VanityPoint.Double(VanityPoint.Double(VanityPoint.Double(VanityPoint.Base)));
        var points = new VanityPoint[batchSize + 1];
        points[0] = VanityPoint.Identity;
        for (var j = 1; j <= batchSize; j++) points[j] = VanityPoint.Add(points[j - 1], step);
        var niels = NielsPoint.FromPoints(points);
        return new VanityTable(niels[..batchSize], niels[batchSize]);
    }
}
