using OnionGroove.Balancer.Backends;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer.Tests;

/// <summary>The value types the balancer keys its state by.</summary>
public class StateKeyTests
{
    [Fact]
    public void A_service_id_is_one_value_per_identity_however_it_is_spelt()
    {
        using var key = IdentitySecretKey.Generate();
        var id = ServiceId.Of(key.PublicKey);
        var text = key.Address.ServiceId;
        Assert.Equal(text, id.ToString());
        Assert.True(ServiceId.TryParse(text.ToUpperInvariant() + ".onion", out var spelt));
        Assert.Equal(id, spelt);
        Assert.Equal(id.GetHashCode(), spelt.GetHashCode());
        Assert.False(ServiceId.TryParse("UNKNOWN", out _));
        Assert.False(ServiceId.TryParse(text[..^1] + (text[^1] == 'a' ? 'b' : 'a'), out _)); // checksum
        Assert.Throws<FormatException>(() => ServiceId.Parse("nope"));
    }

    [Fact]
    public void An_hsdir_id_reads_every_form_tor_names_relays_in()
    {
        const string hex = "0123456789ABCDEF0123456789ABCDEF01234567";
        var id = HsDirId.Parse(hex);
        Assert.Equal(hex, id.ToString());
        foreach (var form in new[] { "$" + hex + "~relay", "$" + hex + "=relay", "$" + hex, hex.ToLowerInvariant() })
        {
            Assert.True(HsDirId.TryParse(form, out var parsed), form);
            Assert.Equal(id, parsed);
        }
        foreach (var bad in new[] { "UNKNOWN", "$" + hex[..39], "$" + hex + "0", "$" + hex[..39] + "G~relay", "", null })
            Assert.False(HsDirId.TryParse(bad, out _), bad);
        Assert.Equal(id, HsDirId.FromRsaIdentity(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Value_sets_are_equal_when_their_members_are_whatever_the_order()
    {
        var a = new ValueSet<IntroPointId>([new("AA"), new("BB"), new("CC")]);
        var b = new ValueSet<IntroPointId>([new("CC"), new("AA"), new("BB"), new("AA")]);
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new ValueSet<IntroPointId>([new("AA"), new("BB")]));
        Assert.NotEqual(a, new ValueSet<IntroPointId>([new("AA"), new("BB"), new("DD")]));
        Assert.True(ValueSet<IntroPointId>.Empty == new ValueSet<IntroPointId>([]));
        Assert.False(a == null);
    }
}
