using System.Numerics;
using OnionGroove.Crypto.Curve;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Crypto.Tests;

/// <summary>Split-key search: offsets found from a public key alone turn the secret key into one
/// with the promised address; offsets parse strictly.</summary>
public class VanityOffsetTests
{
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    [Fact]
    public void Offsets_found_from_the_public_key_give_the_promised_keys()
    {
        using var original = IdentitySecretKey.Generate();
        var seen = new List<VanityOffsetMatch>();
        var result = VanitySearch.RunFrom(original.PublicKey, new VanityOptions
        {
            Prefixes = [VanityPrefix.Parse("q").Value, VanityPrefix.Parse("7a").Value],
            Count = 3,
            Threads = 2,
            BatchSize = 256,
        }, seen.Add);
        Assert.Equal(3, result.Matches.Count);
        Assert.Equal(result.Matches, seen);
        var expanded = new byte[64];
        original.ExportExpanded(expanded);
        var a = new BigInteger(expanded.AsSpan(0, 32), isUnsigned: true);
        foreach (var m in result.Matches)
        {
            Assert.StartsWith(m.Prefix.Text, m.Address.ServiceId);
            // Independently: (a + k)·B on the reference curve is the promised public key.
            var k = new BigInteger(m.Offset.AsSpan(), isUnsigned: true);
            Assert.True(k < L);
            Assert.Equal(VanityReferenceCurve.PublicKeyOf(((a + k) % L).ToByteArray(isUnsigned: true).Concat(new byte[32]).Take(32).ToArray()),
                m.PublicKey.AsSpan().ToArray());
            using var derived = m.Offset.ApplyTo(original);
            Assert.Equal(m.Address, derived.Address);
            var sig = derived.Sign("split"u8);
            Assert.True(Ed25519.Verify(derived.PublicKey.AsSpan(), "split"u8, sig));
            // The text form round-trips.
            Assert.Equal(m.Offset.AsSpan().ToArray(), VanityOffset.Parse(m.Offset.ToString().ToUpperInvariant()).Value.AsSpan().ToArray());
        }
    }

    [Fact]
    public void The_new_key_does_not_share_the_nonce_prefix_and_is_deterministic()
    {
        using var original = IdentitySecretKey.Generate();
        var offset = VanityOffset.Parse(new string('0', 62) + "01").Value;
        using var one = offset.ApplyTo(original);
        using var two = offset.ApplyTo(original);
        var before = new byte[64];
        var after = new byte[64];
        original.ExportExpanded(before);
        one.ExportExpanded(after);
        Assert.NotEqual(before[32..], after[32..]);
        Assert.True(one.SecretEquals(two));
        Assert.Equal(offset.PublicKeyFor(original.PublicKey), one.PublicKey);
    }

    [Theory]
    [InlineData("", "64 hex digits")]
    [InlineData("abc", "64 hex digits")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000", "hex digits only")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "group order")]
    [InlineData("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", "group order")]
    public void Bad_offsets_are_refused_with_a_reason(string text, string reason)
    {
        var parsed = VanityOffset.Parse(text);
        Assert.False(parsed.IsSuccess);
        Assert.Contains(reason, parsed.Error!.Message);
    }

    [Fact]
    public void Offset_parser_never_throws_on_random_text()
    {
        var rng = new Random(15);
        const string chars = "0123456789abcdefABCDEFxyz -\n";
        for (var i = 0; i < 2000; i++)
        {
            var text = new string(Enumerable.Range(0, rng.Next(0, 70)).Select(_ => chars[rng.Next(chars.Length)]).ToArray());
            _ = VanityOffset.Parse(text);
        }
    }
}
