using System.Text;
using OnionGroove.Age.Format;
using OnionGroove.Age.Ssh;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Age.Tests;

/// <summary>The primitives we wrote ourselves, against their published test vectors.</summary>
public class PrimitiveTests
{
    [Theory]
    // RFC 7914 section 12.
    [InlineData("", "", 4, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")]
    [InlineData("password", "NaCl", 10, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")]
    [InlineData("pleaseletmein", "SodiumChloride", 14, 8, 1, "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")]
    public void Scrypt_matches_RFC_7914(string password, string salt, int logN, int r, int p, string expectedHex)
    {
        var key = Scrypt.DeriveKey(Encoding.ASCII.GetBytes(password), Encoding.ASCII.GetBytes(salt), logN, r, p, 64);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Blowfish_initial_state_is_the_hex_digits_of_pi()
    {
        var s = BlowfishPi.InitialState;
        Assert.Equal(0x243F6A88u, s[0]);  // P1
        Assert.Equal(0x85A308D3u, s[1]);  // P2
        Assert.Equal(0xD1310BA6u, s[18]); // S1[0]
        Assert.Equal(0x3AC372E6u, s[^1]); // S4[255]
    }

    [Theory]
    [InlineData("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX", "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj")]
    public void Spec_example_identity_gives_the_spec_example_recipient(string identity, string recipient)
    {
        using var id = X25519Identity.Parse(identity).Value;
        Assert.Equal(recipient, id.Recipient.ToString());
        Assert.Equal(identity, id.ExportSecret());
    }

    [Theory]
    [InlineData("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwx", AgeFailureKind.InvalidKey)] // checksum
    [InlineData("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73eQunujwj", AgeFailureKind.InvalidKey)] // mixed case
    [InlineData("age1pq1x34nzsvr0rxjsgdn8zgyhfe8j7ceq5r9rdelkjuh3y235jzxshfg87pzf5z", AgeFailureKind.InvalidKey)]
    [InlineData("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x", AgeFailureKind.Unsupported)]
    [InlineData("hello", AgeFailureKind.InvalidKey)]
    public void Bad_recipients_are_refused_with_the_reason(string text, AgeFailureKind kind)
    {
        var parsed = RecipientParser.Parse(text);
        Assert.False(parsed.IsSuccess);
        Assert.Equal(kind, parsed.Error.Kind);
    }

    [Fact]
    public void Spec_post_quantum_recipient_is_unsupported()
    {
        // The hybrid recipient from the spec, checksum intact: refused as unsupported, not as invalid.
        var spec = File.ReadAllText(OnionGroove.TestSupport.SharedFiles.Spec("age.md"));
        var line = spec.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("age1pq1", StringComparison.Ordinal));
        var parsed = RecipientParser.Parse(line);
        Assert.False(parsed.IsSuccess);
        Assert.Equal(AgeFailureKind.Unsupported, parsed.Error.Kind);
    }
}
