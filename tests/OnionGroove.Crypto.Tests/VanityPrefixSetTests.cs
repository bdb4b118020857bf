using System.Numerics;
using System.Runtime.Intrinsics;
using OnionGroove.Crypto.Curve;
using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Crypto.Tests;

/// <summary>The prefix table: thousands of prefixes answer exactly what testing each one would.</summary>
public class VanityPrefixSetTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private static VanityPrefix[] RandomPrefixes(Random rng, int count, int minLength, int maxLength) =>
        Enumerable.Range(0, count)
            .Select(_ => new string(Enumerable.Range(0, rng.Next(minLength, maxLength + 1)).Select(_ => Alphabet[rng.Next(32)]).ToArray()))
            .Select(t => VanityPrefix.Parse(t).Value).ToArray();

    /// <summary>The key bytes whose address starts with <paramref name="text"/>, the rest random.</summary>
    private static byte[] KeyStartingWith(Random rng, string text)
    {
        var key = new byte[32];
        rng.NextBytes(key);
        var bit = 0;
        foreach (var c in text)
        {
            var v = Alphabet.IndexOf(c);
            for (var b = 4; b >= 0; b--, bit++)
            {
                var mask = (byte)(0x80 >> (bit & 7));
                key[bit >> 3] = (byte)(((v >> b) & 1) != 0 ? key[bit >> 3] | mask : key[bit >> 3] & ~mask);
            }
        }
        return key;
    }

    [Fact]
    public void Thousands_of_prefixes_find_exactly_what_one_by_one_testing_finds()
    {
        var rng = new Random(3);
        var prefixes = RandomPrefixes(rng, 4000, 3, 9).Append(VanityPrefix.Parse("abc").Value).Append(VanityPrefix.Parse("abcd").Value).ToArray();
        var set = new VanityPrefixSet(prefixes);
        Assert.Equal(15, set.HeadBits); // 5 × the shortest (3 characters)
        var hits = 0;
        for (var i = 0; i < 4_000; i++)
        {
            // Half the keys start with one of the prefixes, half are random.
            var key = i % 2 == 0 ? KeyStartingWith(rng, prefixes[rng.Next(prefixes.Length)].Text) : RandomKey(rng);
            var found = set.Find(BitConverter.ToUInt64(key, 0));
            var matching = prefixes.Where(p => p.Matches(key)).ToList();
            if (matching.Count == 0)
            {
                Assert.Null(found);
                continue;
            }
            hits++;
            Assert.NotNull(found);
            // The longest matching prefix is the one reported (a key is reported once).
            Assert.Equal(matching.Max(p => p.Text.Length), found.Text.Length);
            Assert.Contains(found, matching);
        }
        Assert.True(hits > 2_000 - 50, $"{hits}");
    }

    /// <summary>The eight-lane filter never drops a match, and passes few others (one prefix or thousands).</summary>
    [Theory]
    [InlineData(1, 12, 12)]
    [InlineData(5000, 10, 10)]
    [InlineData(3000, 2, 7)]
    [InlineData(200, 1, 3)]
    public void The_lane_filter_passes_every_match_and_the_exact_check_decides(int count, int minLength, int maxLength)
    {
        var rng = new Random(count);
        var prefixes = RandomPrefixes(rng, count, minLength, maxLength);
        var set = new VanityPrefixSet(prefixes);
        int passed = 0, lanes = 0;
        var keys = new ulong[8];
        for (var round = 0; round < 5000; round++)
        {
            for (var lane = 0; lane < 8; lane++)
            {
                // Some lanes start with a wanted prefix; the rest are random.
                var key = rng.Next(4) == 0 ? KeyStartingWith(rng, prefixes[rng.Next(prefixes.Length)].Text) : RandomKey(rng);
                keys[lane] = BitConverter.ToUInt64(key, 0);
            }
            var pass = set.Filter(Vector512.Create(keys), new ulong[8]);
            for (var lane = 0; lane < 8; lane++)
            {
                lanes++;
                var matching = prefixes.Where(p => (keys[lane] & p.Low64Mask) == p.Low64Target).ToList();
                var found = (pass & (1u << lane)) != 0 ? set.Exact(keys[lane]) : null;
                if ((pass & (1u << lane)) != 0) passed++;
                Assert.Equal(matching.Count > 0, found is not null);
                if (found is not null) Assert.Equal(matching.Max(p => p.Text.Length), found.Text.Length);
                Assert.Equal(found, set.Find(keys[lane]));
            }
        }
        // About a quarter of the lanes were made to match; the filter lets through few more
        // (for 5000 ten-character prefixes about (5000/2^16)^2 = 0.6% of random keys).
        if (minLength >= 10) Assert.True(passed < lanes / 4 + lanes / 50, $"{passed} of {lanes}");
    }

    /// <summary>The eight-lane worker with thousands of prefixes reports exactly the candidates whose
    /// reference public key starts with one, and they fall in many different table buckets.</summary>
    [Fact]
    public void A_lane_batch_with_thousands_of_prefixes_reports_exactly_the_matching_candidates()
    {
        if (!FieldElement8.IsSupported) return;
        const int batch = 256;
        var rng = new Random(11);
        var prefixes = RandomPrefixes(rng, 4000, 4, 4);
        var set = new VanityPrefixSet(prefixes);
        var start = new byte[32];
        rng.NextBytes(start);
        start[0] &= 248; start[31] &= 127; start[31] |= 64;
        var reported = new List<(BigInteger Scalar, string Prefix)>();
        void OnHit(ReadOnlySpan<byte> s, VanityPrefix p) => reported.Add((new BigInteger(s, isUnsigned: true), p.Text));
        int perBatch;
        using (var worker = new VanityLaneWorker(VanityTable.For(batch), set, OnHit, start))
        {
            perBatch = worker.RunBatch();
            worker.RunBatch();
        }

        var texts = set.Prefixes.Select(p => p.Text).ToHashSet();
        var s0 = new BigInteger(start, isUnsigned: true);
        var point = VanityReferenceCurve.Multiply(s0, VanityReferenceCurve.Base);
        var step = VanityReferenceCurve.Multiply(8, VanityReferenceCurve.Base);
        var expected = new List<(BigInteger, string)>();
        for (var n = 0; n < 2 * perBatch; n++)
        {
            var address = Encoding.Base32.Encode(VanityReferenceCurve.Encode(point));
            if (texts.Contains(address[..4])) expected.Add((s0 + 8 * n, address[..4]));
            point = VanityReferenceCurve.Add(point, step);
        }
        // 4000 of 32^4 four-character prefixes over 4080 candidates: about 16 matches expected.
        Assert.True(expected.Count >= 4, $"{expected.Count}");
        Assert.Equal(expected.OrderBy(e => e.Item1).ToList(), reported.OrderBy(e => e.Scalar).ToList());
        // Different first characters: different buckets of the first table (its first 16 bits).
        Assert.True(expected.Select(e => e.Item2[..3]).Distinct().Count() >= 4);
    }

    private static byte[] RandomKey(Random rng)
    {
        var key = new byte[32];
        rng.NextBytes(key);
        return key;
    }

    [Fact]
    public void The_match_chance_counts_each_prefix_once_and_covered_ones_not_at_all()
    {
        var one = VanityPrefix.MatchProbability([VanityPrefix.Parse("abcd").Value]);
        Assert.Equal(Math.Pow(32, -4), one, 12);
        var many = RandomPrefixes(new Random(4), 3000, 4, 4).DistinctBy(p => p.Text).ToArray();
        Assert.Equal(many.Length * Math.Pow(32, -4), VanityPrefix.MatchProbability(many), 12);
        // "ab" already covers "abc": adding it changes nothing.
        Assert.Equal(Math.Pow(32, -2), VanityPrefix.MatchProbability([VanityPrefix.Parse("ab").Value, VanityPrefix.Parse("abc").Value]), 12);
    }

    [Fact]
    public void A_search_for_thousands_of_prefixes_finds_keys_for_them()
    {
        var prefixes = RandomPrefixes(new Random(5), 3000, 4, 4);
        var result = VanitySearch.Run(new VanityOptions { Prefixes = prefixes, Count = 5, Threads = 2 });
        Assert.Equal(5, result.Matches.Count);
        foreach (var m in result.Matches)
        {
            using var key = m.Key;
            Assert.StartsWith(m.Prefix.Text, key.Address.ServiceId);
            Assert.Contains(m.Prefix, prefixes);
        }
    }
}
