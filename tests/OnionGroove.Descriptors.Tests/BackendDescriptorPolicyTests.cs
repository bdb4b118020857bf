using OnionGroove.Crypto;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>The balancer path: accept a backend descriptor by the backend's own address, re-sign its intro points for the frontend.</summary>
public class BackendDescriptorPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Backend_intro_points_are_republished_under_the_frontend()
    {
        var period = TimePeriod.FromTime(Now);
        using var backend = IdentitySecretKey.Generate();
        using var frontend = IdentitySecretKey.Generate();
        var opts = new DescriptorBuildOptions { RevisionCounter = new RevisionCounter(5), Now = Now };
        var backendText = HsDescriptorBuilder.Build(backend, period, TestIntroPoints.Many(3), opts).Value.Text;

        Assert.Equal(DescriptorErrorKind.WrongBlindedKey, BackendDescriptorPolicy.Accept(backendText, frontend.Address, period, Now).Error?.Kind);
        var accepted = BackendDescriptorPolicy.Accept(backendText, backend.Address, period, Now);
        Assert.True(accepted.IsSuccess, accepted.Error?.ToString());
        Assert.Equal(DescriptorErrorKind.BadCertificate, BackendDescriptorPolicy.Accept(backendText, backend.Address, period, Now.AddDays(3)).Error?.Kind);

        var frontText = HsDescriptorBuilder.Build(frontend, period, BackendDescriptorPolicy.IntroPoints(accepted.Value), opts with { RevisionCounter = new RevisionCounter(9) }).Value.Text;
        var front = HsDescriptorDecoder.Decode(frontText, frontend.Address, period, now: Now).Value;
        Assert.Equal(accepted.Value.IntroductionPoints.Select(i => Convert.ToHexString(i.AuthKey)),
            front.IntroductionPoints.Select(i => Convert.ToHexString(i.AuthKey)));
        Assert.Equal(accepted.Value.IntroductionPoints.Select(i => Convert.ToHexString(i.LinkSpecifiersRaw)),
            front.IntroductionPoints.Select(i => Convert.ToHexString(i.LinkSpecifiersRaw)));
        Assert.All(front.IntroductionPoints, ip => Assert.Equal(front.OuterLayer.SigningKey, ip.AuthKeyCert.SigningKey));
    }
}
