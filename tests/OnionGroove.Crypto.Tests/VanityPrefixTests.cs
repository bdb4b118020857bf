using OnionGroove.Crypto.Encoding;
using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Crypto.Tests;

public class VanityPrefixTests
{
    [Theory]
    [InlineData("abc1", '1', 4)]
    [InlineData("l0l", '0', 2)]
    [InlineData("onion.", '.', 6)]
    [InlineData("a-b", '-', 2)]
    [InlineData("8ball", '8', 1)]
    public void Characters_outside_the_alphabet_are_named(string text, char bad, int position)
    {
        var parsed = VanityPrefix.Parse(text);
        Assert.False(parsed.IsSuccess);
        Assert.Null(parsed.ValueOrDefault);
        Assert.Contains($"'{bad}' at position {position}", parsed.Error.Message);
        Assert.Contains("a-z and 2-7", parsed.Error.Message);
    }

    [Fact]
    public void Empty_and_overlong_prefixes_are_refused()
    {
        Assert.Contains("empty", VanityPrefix.Parse("").Error!.Message);
        Assert.Contains("51", VanityPrefix.Parse(new string('a', 52)).Error!.Message);
        var p51 = VanityPrefix.Parse(new string('a', 51));
        Assert.True(p51.IsSuccess);
        Assert.True(p51.Value.IsInfeasible);
    }

    [Fact]
    public void Case_is_ignored_and_stored_lowercase()
    {
        var p = VanityPrefix.Parse("OnIoN27").Value;
        Assert.Equal("onion27", p.Text);
        Assert.False(p.IsInfeasible);
        Assert.Equal(Math.Pow(32, 7), p.ExpectedCandidates);
    }

    /// <summary>Random keys: both the bit-level match and the hot loop's 64-bit test agree with
    /// base32-encoding the key, for every prefix length, including lengths beyond 64 bits.</summary>
    [Fact]
    public void Bit_comparisons_agree_with_base32_of_the_key()
    {
        var rng = new Random(5);
        var key = new byte[32];
        for (var round = 0; round < 3000; round++)
        {
            rng.NextBytes(key);
            var encoded = Base32.Encode(key);
            var low64 = BitConverter.ToUInt64(key, 0);
            var length = 1 + rng.Next(20);
            // Half the time take the key's own prefix (a match), otherwise mutate one character.
            var text = encoded[..length];
            if (round % 2 == 1)
            {
                var i = rng.Next(length);
                var other = "abcdefghijklmnopqrstuvwxyz234567"[(("abcdefghijklmnopqrstuvwxyz234567".IndexOf(text[i]) + 1 + rng.Next(31)) % 32)];
                text = text[..i] + other + text[(i + 1)..];
            }
            var prefix = VanityPrefix.Parse(text).Value;
            var expected = encoded.StartsWith(text, StringComparison.Ordinal);
            Assert.Equal(expected, prefix.Matches(key));
            var fast = (low64 & prefix.Low64Mask) == prefix.Low64Target;
            if (length <= 12) Assert.Equal(expected, fast);
            else if (expected) Assert.True(fast); // the 64-bit pre-filter never drops a real match
            Assert.Equal(length > 12, prefix.NeedsFullCheck);
        }
    }
}
