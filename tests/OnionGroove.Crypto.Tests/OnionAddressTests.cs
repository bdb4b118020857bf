using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>rend-spec-v3 §6 addresses against tests/vectors/tor/onion_addresses.json.</summary>
public class OnionAddressTests
{
    public static TheoryData<string, string, string> Valid()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var v in TorVectors.Load("onion_addresses.json").GetProperty("valid").EnumerateArray())
            data.Add(v.Str("onion_address"), v.Str("public_key"), v.Str("checksum"));
        return data;
    }

    public static TheoryData<string, string> Invalid()
    {
        var data = new TheoryData<string, string>();
        foreach (var v in TorVectors.Load("onion_addresses.json").GetProperty("invalid").EnumerateArray())
            data.Add(v.Str("input"), v.Str("expect"));
        return data;
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void ValidAddressesDecodeToTheirKeyAndEncodeBack(string text, string publicKeyHex, string checksumHex)
    {
        Assert.True(OnionAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(publicKeyHex, Convert.ToHexStringLower(address.PublicKey.AsSpan()));
        Assert.Equal(text, address.ToString());
        Assert.Equal(text[..56], address.ServiceId);
        Assert.Equal(text, IdentityPublicKey.FromBytes(Convert.FromHexString(publicKeyHex)).Address.ToString());
        // The checksum is the 2 bytes after the key in the base32 payload.
        Assert.True(Encoding.Base32.TryDecode(address.ServiceId, out var raw, out _));
        Assert.Equal(checksumHex, Convert.ToHexStringLower(raw.AsSpan(32, 2)));
        // Without ".onion" and in upper case it is the same address.
        Assert.Equal(address, OnionAddress.Parse(text[..56].ToUpperInvariant()));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidAddressesAreRefusedWithTheExpectedReason(string input, string expect)
    {
        Assert.False(OnionAddress.TryParse(input, out _, out var error));
        // The vectors name the reason in words; each maps to what our message must mention.
        var reason = expect switch
        {
            _ when expect.Contains("checksum") => "checksum",
            _ when expect.Contains("version") => "unsupported version 4",
            _ when expect.Contains("base32") => "base32",
            _ => "length",
        };
        Assert.Contains(reason, error);
        Assert.Throws<FormatException>(() => OnionAddress.Parse(input));
    }

    [Fact]
    public void HostnameForms()
    {
        var forms = TorVectors.Load("onion_addresses.json").GetProperty("hostname_forms").EnumerateArray().ToList();
        // Each form by what its vector records: tor's extended-hostname parse, arti's case-insensitive id.
        var www = forms.Single(f => f.TryGetProperty("tor_parse_extended_hostname", out _)).Str("input");
        // As an address it is refused (arti: HsIdContainsSubdomain); as a host it names the service (tor).
        Assert.False(OnionAddress.TryParse(www, out _, out _));
        Assert.True(OnionAddress.TryParseHost(www, out var host, out var error), error);
        Assert.Equal("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid", host.ServiceId);

        var mixed = forms.Single(f => f.Str("arti_HsId_parse").StartsWith("accepted", StringComparison.Ordinal)).Str("input");
        Assert.True(OnionAddress.TryParse(mixed, out var address, out error), error);
        Assert.Equal(mixed.ToLowerInvariant(), address.ToString());

        Assert.False(OnionAddress.TryParseHost("example.com", out _, out error));
        Assert.Contains(".onion", error);
    }

    [Fact]
    public void AValidChecksumOverAnInvalidPointIsRefused()
    {
        // An off-curve key wrapped with a correct checksum and version: only point validation catches it.
        var offCurve = Convert.FromHexString("e19c65de75c68cf3b7643ea732ba9eb1a3d20d6d57ba223c2ece1df66feb5af0");
        var raw = new byte[35];
        offCurve.CopyTo(raw, 0);
        var input = new byte[48];
        ".onion checksum"u8.CopyTo(input);
        offCurve.CopyTo(input, 15);
        input[47] = 3;
        System.Security.Cryptography.SHA3_256.HashData(input).AsSpan(0, 2).CopyTo(raw.AsSpan(32));
        raw[34] = 3;
        Assert.False(OnionAddress.TryParse(Encoding.Base32.Encode(raw), out _, out var error));
        Assert.Contains("not a point on the curve", error);
    }
}
