using OnionGroove.Crypto;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>Finding the time period a descriptor was made for (`descriptor decode` without
/// --time-period), and decoding it for that period.</summary>
public sealed class TimePeriodGuessTests
{
    private static UnverifiedOuterLayerDocument Build(IdentitySecretKey id, TimePeriod period, DateTimeOffset issued, out int size)
    {
        var text = HsDescriptorBuilder.Build(id, period, TestIntroPoints.Many(3), new DescriptorBuildOptions { RevisionCounter = new RevisionCounter(7), Now = issued }).Value.Text;
        size = text.Length;
        return OuterLayerDocument.Parse(text).Value;
    }

    [Fact]
    public void The_period_is_found_from_the_certificate_and_the_descriptor_decodes_for_it()
    {
        using var id = IdentitySecretKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var period = TimePeriod.FromTime(now);
        var outer = Build(id, period, now, out var size);
        var found = TimePeriodGuess.Find(outer, id.Address.PublicKey, period.LengthMinutes, period.RotationOffsetMinutes);
        Assert.Equal(period, found);

        var decoded = DecodedDescriptor.Decode(outer, size, id.Address, found!.Value, periodGuessed: true, client: null);
        Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
        Assert.Equal((id.Address, period, true, size), (decoded.Value.Address, decoded.Value.Period, decoded.Value.PeriodGuessed, decoded.Value.Size));
        Assert.Equal(3, decoded.Value.Descriptor.IntroductionPoints.Count);
        Assert.Equal(new RevisionCounter(7), decoded.Value.Descriptor.RevisionCounter);
    }

    [Fact]
    public void A_certificate_far_from_the_period_is_found_around_the_fetch_time()
    {
        // Test-network periods (8 minutes); the cert was issued two days after the period, so
        // the certificate's validity points elsewhere, as tor 0.4.9 was seen doing.
        using var id = IdentitySecretKey.Generate();
        var fetched = DateTimeOffset.UtcNow;
        var period = TimePeriod.FromTime(fetched, 8, 4);
        var outer = Build(id, period, fetched.AddDays(2), out _);
        Assert.Null(TimePeriodGuess.Find(outer, id.Address.PublicKey, 8, 4));
        Assert.Null(TimePeriodGuess.Find(outer, id.Address.PublicKey, 8, 4, fetchedAt: null));
        Assert.Equal(period, TimePeriodGuess.Find(outer, id.Address.PublicKey, 8, 4, fetched));
        Assert.Equal(period, TimePeriodGuess.Find(outer, id.Address.PublicKey, 8, 4, fetched.AddMinutes(8)));
    }

    [Fact]
    public void Another_address_or_period_does_not_decode()
    {
        using var id = IdentitySecretKey.Generate();
        using var other = IdentitySecretKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var period = TimePeriod.FromTime(now);
        var outer = Build(id, period, now, out var size);
        Assert.Null(TimePeriodGuess.Find(outer, other.Address.PublicKey, period.LengthMinutes, period.RotationOffsetMinutes, now));
        var wrong = DecodedDescriptor.Decode(outer, size, id.Address, period.Next, periodGuessed: false, client: null);
        Assert.False(wrong.IsSuccess);
        Assert.Equal(DescriptorErrorKind.WrongBlindedKey, wrong.Error!.Kind);
    }
}
