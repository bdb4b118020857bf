using OnionGroove.Crypto.Keys;
using OnionGroove.Probe.Checks;
using OnionGroove.TestSupport.Fuzz;
using Xunit.Abstractions;

namespace OnionGroove.Probe.Tests;

public sealed class DescriptorCheckTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = TestDescriptors.Now;

    private static CheckOutcome Check(DescriptorReview r, string name) => Assert.Single(r.Checks, c => c.Name == name);

    [Fact]
    public void A_good_descriptor_passes_every_check_with_its_facts()
    {
        using var id = IdentitySecretKey.Generate();
        var text = TestDescriptors.Build(id, introPoints: 3);
        var r = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, Now.AddMinutes(5));
        Assert.True(r.Usable, string.Join("\n", r.Checks));
        Assert.False(r.HasWarnings);
        Assert.Equal(["size", "signature", "certificate", "intro_points", "lifetime", "pow_params"], r.Checks.Select(c => c.Name));
        var f = r.Facts!;
        Assert.Equal(4242ul, f.RevisionCounter);
        Assert.Equal(text.Length, f.Size);
        Assert.Equal(3, f.IntroPoints);
        Assert.Equal(180, f.LifetimeMinutes);
        Assert.False(f.ClientAuth);
        Assert.Null(f.Pow);
        Assert.True(f.SigningCertificateExpires > Now);
    }

    [Fact]
    public void A_descriptor_of_another_address_or_period_fails_the_signature_chain()
    {
        using var id = IdentitySecretKey.Generate();
        using var other = IdentitySecretKey.Generate();
        var text = TestDescriptors.Build(id);
        var wrongAddress = DescriptorCheck.Review(text, other.Address, TestDescriptors.Period, null, Now);
        Assert.False(wrongAddress.Usable);
        Assert.Null(wrongAddress.Facts);
        Assert.Equal(CheckStatus.Fail, Check(wrongAddress, "signature").Status);
        var wrongPeriod = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period.Next, null, Now);
        Assert.Equal(CheckStatus.Fail, Check(wrongPeriod, "signature").Status);
    }

    [Fact]
    public void No_intro_points_fails_and_an_expired_certificate_fails()
    {
        using var id = IdentitySecretKey.Generate();
        var empty = DescriptorCheck.Review(TestDescriptors.Build(id, introPoints: 0), id.Address, TestDescriptors.Period, null, Now);
        Assert.False(empty.Usable);
        Assert.Equal(CheckStatus.Fail, Check(empty, "intro_points").Status);
        Assert.Equal(0, empty.Facts!.IntroPoints);

        var text = TestDescriptors.Build(id);
        var expires = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, Now).Facts!.SigningCertificateExpires;
        var late = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, expires);
        Assert.False(late.Usable);
        Assert.Equal(CheckStatus.Fail, Check(late, "certificate").Status);
        Assert.Equal(CheckStatus.Ok, Check(DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, expires.AddSeconds(-1)), "certificate").Status);
    }

    [Fact]
    public void Size_is_judged_against_the_consensus_limit()
    {
        using var id = IdentitySecretKey.Generate();
        var text = TestDescriptors.Build(id);
        var over = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, Now, maxSize: text.Length - 1);
        Assert.Equal(CheckStatus.Fail, Check(over, "size").Status);
        Assert.Contains("HSV3MaxDescriptorSize", Check(over, "size").Detail);
        Assert.False(over.Usable);
        var close = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, Now, maxSize: text.Length + 1);
        Assert.Equal(CheckStatus.Warn, Check(close, "size").Status);
        Assert.True(close.Usable);
        var exact = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, Now, maxSize: text.Length);
        Assert.Equal(CheckStatus.Warn, Check(exact, "size").Status);
        Assert.Equal(CheckStatus.Ok, Check(DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, Now), "size").Status);
    }

    [Fact]
    public void A_descriptor_for_clients_needs_an_authorised_key()
    {
        using var id = IdentitySecretKey.Generate();
        using var alice = ClientAuthSecretKey.Generate();
        using var bob = ClientAuthSecretKey.Generate();
        var text = TestDescriptors.Build(id, edit: o => o with { AuthorizedClients = [alice.PublicKey] });
        var none = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, Now);
        Assert.Equal(CheckStatus.Fail, Check(none, "client_auth").Status);
        Assert.Contains("client key", Check(none, "client_auth").Detail);
        var wrong = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, bob, Now);
        Assert.Equal(CheckStatus.Fail, Check(wrong, "client_auth").Status);
        Assert.Contains("not an authorised client", Check(wrong, "client_auth").Detail);
        var right = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, alice, Now);
        Assert.True(right.Usable);
        Assert.True(right.Facts!.ClientAuth);
    }

    [Fact]
    public void Pow_params_are_reported_and_a_stale_seed_warns()
    {
        using var id = IdentitySecretKey.Generate();
        var text = TestDescriptors.Build(id, edit: o => o with { PowParams = TestDescriptors.Pow(Now.AddHours(1), 77) });
        var fresh = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, Now);
        Assert.Equal(CheckStatus.Ok, Check(fresh, "pow_params").Status);
        Assert.Equal(new PowFacts("v1", 77, Now.AddHours(1)), fresh.Facts!.Pow);
        var stale = DescriptorCheck.Review(text, id.Address, TestDescriptors.Period, null, Now.AddHours(2));
        Assert.Equal(CheckStatus.Warn, Check(stale, "pow_params").Status);
        Assert.True(stale.Usable);
    }

    [Fact]
    public void Fuzzed_descriptors_get_a_review_never_an_exception()
    {
        using var id = IdentitySecretKey.Generate();
        byte[][] valid = [TestDescriptors.Build(id, 2), TestDescriptors.Build(id, 0)];
        var report = Fuzzer.Run("probe descriptor check", seed: 1313, cases: 600, valid, input =>
        {
            var r = DescriptorCheck.Review(input, id.Address, TestDescriptors.Period, null, Now);
            Assert.All(r.Checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
            return r.Usable ? null : r.Checks.First(c => c.Status == CheckStatus.Fail).Detail;
        });
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0);
    }
}
