using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

/// <summary>Time-period key blinding and subcredentials (rend-spec-v3 A.2, §2.1).</summary>
public class BlindingTests
{
    private static string Hex(ReadOnlySpan<byte> b) => Convert.ToHexStringLower(b);

    [Fact]
    public void TorBlindingBasics()
    {
        var v = TorVectors.Load("ed25519_blinding.json").GetProperty("tor_blinding_basics").GetProperty("vector");
        var period = TimePeriod.FromTime(DateTimeOffset.FromUnixTimeSeconds(v.GetProperty("instant_unix").GetInt64()));
        Assert.Equal(new TimePeriod(1234, 1440, 720), period);

        using var key = IdentitySecretKey.FromExpanded(v.Hex("identity_expanded_secret_key"));
        Assert.Equal(v.Str("identity_public_key"), Hex(key.PublicKey.AsSpan()));
        Assert.Equal(v.Str("blinding_param_h"), Hex(KeyBlinding.BlindingParameter(key.PublicKey.AsSpan(), period)));

        var blindedPublic = key.PublicKey.Blind(period);
        Assert.Equal(v.Str("blinded_public_key"), Hex(blindedPublic.AsSpan()));
        using var blinded = key.Blind(period);
        Assert.Equal(blindedPublic, blinded.PublicKey);
        var expanded = new byte[64];
        blinded.ExportExpanded(expanded);
        Assert.Equal(v.Str("blinded_expanded_secret_key"), Hex(expanded));
        Assert.Equal(v.Str("subcredential"), Hex(key.PublicKey.Subcredential(period).AsSpan()));
    }

    [Fact]
    public void BlindingRefusesAnInvalidPoint()
    {
        var v = TorVectors.Load("ed25519_blinding.json").GetProperty("tor_blinding_rejects_invalid_point");
        Assert.False(IdentityPublicKey.TryFromBytes(v.Hex("bad_public_key_not_on_curve"), out _, out var error));
        Assert.Contains("not a point on the curve", error);
        Assert.Throws<ArgumentException>(() => KeyBlinding.BlindPublicWithParameter(v.Hex("bad_public_key_not_on_curve"), v.Hex("param")));
        Assert.Equal(32, KeyBlinding.BlindPublicWithParameter(v.Hex("good_public_key"), v.Hex("param")).Length);
    }

    [Fact]
    public void StemBlinding()
    {
        var v = TorVectors.Load("ed25519_blinding.json").GetProperty("stem_blinding");
        using var key = IdentitySecretKey.FromSeed(v.Hex("seed"));
        Assert.Equal(v.Str("public_key_derived"), Hex(key.PublicKey.AsSpan()));
        Assert.Equal(v.Str("blinded_public_key"), Hex(KeyBlinding.BlindPublicWithParameter(key.PublicKey.AsSpan(), v.Hex("blinding_param"))));
        var expanded = new byte[64];
        key.ExportExpanded(expanded);
        using var blinded = KeyBlinding.BlindExpandedWithParameter(expanded, v.Hex("blinding_param"));
        Assert.Equal(v.Str("blinded_expanded_secret_key_derived"), Hex(blinded.Expanded));
    }

    public static TheoryData<int> PublicOnly =>
        new(Enumerable.Range(0, TorVectors.Load("ed25519_blinding.json").GetProperty("public_key_only_time_period_vectors").GetArrayLength()));

    [Theory]
    [MemberData(nameof(PublicOnly))]
    public void PublicKeyOnlyVectors(int index)
    {
        var v = TorVectors.Load("ed25519_blinding.json").GetProperty("public_key_only_time_period_vectors")[index];
        var address = OnionAddress.Parse(v.Str("onion_address"));
        Assert.Equal(v.Str("identity_public_key"), Hex(address.PublicKey.AsSpan()));
        var number = v.TryGetProperty("time_period_num", out var n) ? n.GetInt64() : v.GetProperty("time_period_num_derived").GetInt64();
        var period = new TimePeriod(number);
        Assert.Equal(v.Str("blinding_param_h_derived"), Hex(KeyBlinding.BlindingParameter(address.PublicKey.AsSpan(), period)));
        Assert.Equal(v.Str("blinded_public_key"), Hex(address.PublicKey.Blind(period).AsSpan()));
        var sub = v.TryGetProperty("subcredential", out var s) ? s.GetString() : v.Str("subcredential_derived");
        Assert.Equal(sub, Hex(address.PublicKey.Subcredential(period).AsSpan()));
    }

    [Fact]
    public void GeneratedSamplesMatchStemAndOnionbalance()
    {
        foreach (var sample in TorVectors.Load("generated/make_keys_samples.json").GetProperty("samples").EnumerateArray())
        {
            var tp = sample.GetProperty("time_period");
            var period = new TimePeriod(tp.GetProperty("num").GetInt64(), tp.GetProperty("length_minutes").GetInt32());
            using var key = IdentitySecretKey.FromExpanded(sample.Hex("expanded_secret_key"));
            Assert.Equal(sample.Str("onion_address_stem"), key.Address.ToString());
            Assert.Equal(tp.Str("start_utc"), period.Start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"));
            Assert.Equal(tp.Str("blinding_param_h"), Hex(KeyBlinding.BlindingParameter(key.PublicKey.AsSpan(), period)));
            Assert.Equal(tp.Str("blinded_public_key"), Hex(key.PublicKey.Blind(period).AsSpan()));
            Assert.Equal(tp.Str("subcredential"), Hex(key.PublicKey.Subcredential(period).AsSpan()));
            using var blinded = key.Blind(period);
            var expanded = new byte[64];
            blinded.ExportExpanded(expanded);
            Assert.Equal(tp.Str("blinded_expanded_secret_key"), Hex(expanded));
        }
    }

    [Fact]
    public void DifferentPeriodsGiveUnrelatedBlindedKeys()
    {
        using var key = IdentitySecretKey.Generate();
        var p = new TimePeriod(20000);
        Assert.NotEqual(key.PublicKey.Blind(p), key.PublicKey.Blind(p.Next));
        Assert.NotEqual(key.PublicKey.Blind(p), key.PublicKey.Blind(p with { LengthMinutes = 60 }));
        Assert.NotEqual(key.PublicKey.Subcredential(p), key.PublicKey.Subcredential(p.Next));
    }
}
