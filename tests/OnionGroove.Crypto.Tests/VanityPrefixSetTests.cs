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
