using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// Every wanted prefix at once, at the cost of one: a candidate first passes a filter of two bit
/// tables of fixed size, whatever the number of prefixes (one or thousands run the very same
/// instructions over the same 16 KiB), and only the few that pass are looked up exactly.
/// </summary>
/// <remarks>
/// The first table is indexed by the key's first 16 bits, the second by a multiplicative hash of
/// its first <see cref="HeadBits"/> bits (5 × the shortest prefix's length, at most 64), so a
/// random candidate passes both with chance about (n·2^-16)² for n prefixes: 0.5% for 5000, and
/// the exact look-up behind them costs nothing measurable. The eight-lane worker tests all eight
/// candidates of a step with one <see cref="Filter"/> and one branch that is practically never
/// taken. The earlier design (a 2^16-bit table, then per lane a branch into a 2^22-bit one)
/// made 5000 prefixes cost 16–25% more per candidate than one: 7% of lanes passed the first
/// table, and each then mispredicted a branch and read a 512 KiB table that the batch data
/// streaming past keeps out of the caches.
/// </remarks>
[SkipLocalsInit]
internal sealed class VanityPrefixSet
{
    private const int FirstBits = 16, SecondBits = 16;

    /// <summary>Fibonacci hashing's multiplier (2^64 / golden ratio, odd).</summary>
    private const ulong Golden = 0x9E3779B97F4A7C15;

    private readonly ulong[] _first = new ulong[(1 << FirstBits) / 64];
    private readonly ulong[] _second = new ulong[(1 << SecondBits) / 64];
    private readonly int _firstShift, _headShift;
    private readonly Dictionary<ulong, VanityPrefix[]> _byHead = [];

    /// <summary>The prefixes, longest first, with any made redundant by a shorter one removed
    /// from the probability (not from matching: a key may still be reported under the longer one).</summary>
    public IReadOnlyList<VanityPrefix> Prefixes { get; }

    /// <summary>How many of the key's first bits every prefix fixes (and the exact look-up uses).</summary>
    public int HeadBits { get; }

    public VanityPrefixSet(IReadOnlyList<VanityPrefix> prefixes)
    {
        if (prefixes.Count == 0) throw new ArgumentException("at least one prefix is needed", nameof(prefixes));
        var distinct = prefixes.DistinctBy(p => p.Text).OrderByDescending(p => p.Text.Length).ThenBy(p => p.Text, StringComparer.Ordinal).ToArray();
        Prefixes = distinct;
        HeadBits = Math.Min(64, 5 * distinct.Min(p => p.Text.Length));
        // Shifting a ulong by 64 shifts by 0 in C#, which is what a 64-bit head needs.
        _headShift = 64 - HeadBits;
        _firstShift = 64 - Math.Min(FirstBits, HeadBits);
        foreach (var group in distinct.GroupBy(p => BinaryPrimitives.ReverseEndianness(p.Low64Target) >> _headShift))
        {
            var key = group.Key << _headShift;
            Set(_first, FirstIndex(key));
            Set(_second, SecondIndex(key));
            // Longest first, so a key matching "abc" and "ab" is reported once, as "abc".
            _byHead[group.Key] = group.ToArray();
        }
        // A prefix that starts with another wanted one adds no chance: look up its own starts.
        var texts = distinct.Select(p => p.Text).ToHashSet(StringComparer.Ordinal);
        MatchProbability = distinct
            .Where(p => !Enumerable.Range(1, p.Text.Length - 1).Any(n => texts.Contains(p.Text[..n])))
            .Sum(p => 1 / p.ExpectedCandidates);
    }

    private static void Set(ulong[] table, ulong index) => table[index >> 6] |= 1UL << (int)(index & 63);

    /// <summary>Chance that one random candidate matches some prefix (overlaps counted once).</summary>
    public double MatchProbability { get; }

    /// <summary>Expected candidates per match: 1 / <see cref="MatchProbability"/>.</summary>
    public double ExpectedCandidates => 1 / MatchProbability;

    // "key" is the key's first 8 bytes read big-endian: the address's first character in the top bits.
    private ulong FirstIndex(ulong key) => key >> _firstShift;
    private ulong SecondIndex(ulong key) => ((key >> _headShift) * Golden) >> (64 - SecondBits);

    /// <summary>The longest prefix whose bits (up to the first 64) the key's first 8 bytes match, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public VanityPrefix? Find(ulong low64)
    {
        var key = BinaryPrimitives.ReverseEndianness(low64);
        if ((Bit(_first, FirstIndex(key)) & Bit(_second, SecondIndex(key))) == 0) return null;
        return Exact(low64);
    }

    /// <summary>Which of eight candidates (their key's first 8 bytes, little-endian, one per lane)
    /// may match: bit L set for lane L. Never misses a match; a set bit is confirmed by <see cref="Exact"/>.
    /// <paramref name="scratch"/> (8 ulongs) is the caller's, so this inlines into the hot loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Filter(Vector512<ulong> low64, Span<ulong> scratch)
    {
        // vpshufb reverses bytes within each 64-bit lane (the indexes stay inside 128-bit lanes).
        var key = (Avx512BW.IsSupported ? Avx512BW.Shuffle(low64.AsByte(), ByteSwap) : Vector512.Shuffle(low64.AsByte(), ByteSwap)).AsUInt64();
        var first = key >>> _firstShift;
        var second = ((key >>> _headShift) * Vector512.Create(Golden)) >>> (64 - SecondBits);
        // Eight table reads, no branch per lane: the one branch on the result is almost never taken.
        (first | (second << 32)).CopyTo(scratch);
        ref var firstTable = ref MemoryMarshal.GetArrayDataReference(_first);
        ref var secondTable = ref MemoryMarshal.GetArrayDataReference(_second);
        ulong pass = 0;
        for (var lane = 0; lane < 8; lane++)
        {
            var both = scratch[lane];
            uint a = (uint)both, b = (uint)(both >> 32);
            pass |= ((Unsafe.Add(ref firstTable, (nint)(a >> 6)) >> (int)a) & (Unsafe.Add(ref secondTable, (nint)(b >> 6)) >> (int)b) & 1) << lane;
        }
        return (uint)pass;
    }

    /// <summary>Bit <paramref name="index"/> of <paramref name="table"/> (index below the table's bits by construction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bit(ulong[] table, ulong index) =>
        (Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), (nint)(index >> 6)) >> (int)(index & 63)) & 1;

    /// <summary>Reverses the bytes of each 64-bit lane.</summary>
    private static readonly Vector512<byte> ByteSwap = Vector512.Create(
        (byte)7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
        23, 22, 21, 20, 19, 18, 17, 16, 31, 30, 29, 28, 27, 26, 25, 24,
        39, 38, 37, 36, 35, 34, 33, 32, 47, 46, 45, 44, 43, 42, 41, 40,
        55, 54, 53, 52, 51, 50, 49, 48, 63, 62, 61, 60, 59, 58, 57, 56);

    /// <summary>The exact look-up behind the filter: the prefixes sharing the key's head, longest first.</summary>
    public VanityPrefix? Exact(ulong low64)
    {
        if (!_byHead.TryGetValue(BinaryPrimitives.ReverseEndianness(low64) >> _headShift, out var group)) return null;
        foreach (var p in group)
            if ((low64 & p.Low64Mask) == p.Low64Target) return p;
        return null;
    }
}
