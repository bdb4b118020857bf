using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Signing;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.TestSupport;

namespace OnionGroove.Balancer.Tests;

/// <summary>A service's <c>key:</c> naming a signing bundle (issue #12): told apart by its header, verified
/// (chains to its frontend and to the configured address, periods contiguous, usable now), problems on the
/// service's line in the config's own style.</summary>
public sealed class BundleConfigTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 16, 0, 0, TimeSpan.Zero);
    private static readonly TimePeriod Current = TimePeriod.FromTime(Now);
    private readonly BundleSite _site = new();
    private TempDir Dir => _site.Dir;
    private IdentitySecretKey Front => _site.Front;
    private IdentitySecretKey Back => _site.Back;

    public void Dispose() => _site.Dispose();

    private string Config(string extra = "", string top = "") => _site.Config(extra, top);

    private void WriteBundle(byte[] bytes) => _site.WriteBundle(bytes);

    [Fact]
    public void A_valid_bundle_gives_the_service_its_public_key_and_the_bundle_and_no_identity_secret()
    {
        WriteBundle(_site.Bundle(Current.Previous, 5));
        using var r = ConfigWithKeys.Load(Config(), Now);

        Assert.True(r.Ok, string.Join("\n", r.Problems));
        var (cfg, keys) = Assert.Single(r.Services);
        var signer = Assert.IsType<BundleSigner>(keys.Signer);
        Assert.Equal(Front.Address, keys.Signer.Address);
        Assert.Equal(new ServiceId(Front.Address), keys.ServiceId);
        Assert.Equal(Current.Previous.Number, signer.Bundle.First.Number);
        Assert.Equal(Current.Previous.Number + 4, signer.Bundle.Last.Number);
        Assert.True(keys.Signer.CanSign(Current) && keys.Signer.CanSign(Current.Next));
        Assert.False(keys.Signer.CanSign(Current.Previous.Previous));
        Assert.Equal(signer.Bundle.CoversUntil, keys.Signer.RunsOutAt);
        Assert.Equal(ServiceConfig.DefaultBundleWarnDays, cfg.BundleWarnDays);
    }

    [Fact]
    public void A_secret_key_still_loads_as_before_and_never_runs_out()
    {
        TorKeyFiles.WriteHiddenServiceDir(Dir["front"], Front);
        File.WriteAllText(Dir["config.yaml"], $"services:\n  - key: front\n    instances:\n      - address: {Back.Address}\n");
        using var r = ConfigWithKeys.Load(Dir["config.yaml"], Now);
        Assert.True(r.Ok, string.Join("\n", r.Problems));
        var keys = Assert.Single(r.Services).Keys;
        Assert.IsNotType<BundleSigner>(keys.Signer);
        Assert.Null(keys.Signer.RunsOutAt);
        Assert.True(keys.Signer.CanSign(Current.Next.Next));
    }

    [Fact]
    public void A_tampered_certificate_is_a_problem_on_the_service_line_with_the_bundle_line()
    {
        var (tampered, i) = BundleSite.TamperFirstCertificate(_site.Bundle(Current, 3)); // the certificate's signature
        WriteBundle(tampered);

        using var r = ConfigWithKeys.Load(Config(), Now);
        Assert.False(r.Ok);
        var p = Assert.Single(r.Problems);
        Assert.Equal(2, p.Line);
        Assert.Contains("cannot use the signing bundle", p.Message);
        Assert.Contains($"line {i + 1}:", p.Message);
        Assert.Empty(r.Services);
    }

    [Fact]
    public void A_bundle_with_a_gap_between_periods_is_refused()
    {
        var lines = BundleSite.Lines(_site.Bundle(Current, 4));
        var second = lines.FindIndex(l => l == $"period {Current.Number + 1}");
        lines.RemoveRange(second, 3); // the period line, its seed and its certificate
        WriteBundle(BundleSite.Join(lines));

        using var r = ConfigWithKeys.Load(Config(), Now);
        var p = Assert.Single(r.Problems);
        Assert.Contains("signing bundle", p.Message);
        Assert.Contains($"line {second + 1}:", p.Message);
    }

    [Fact]
    public void A_bundle_of_another_frontend_than_the_configured_address_is_refused()
    {
        using var other = IdentitySecretKey.Generate();
        WriteBundle(BundleSite.Bytes(other, Current, 3));
        using var r = ConfigWithKeys.Load(Config($"    address: {Front.Address}\n"), Now);
        var p = Assert.Single(r.Problems);
        Assert.Equal(2, p.Line);
        Assert.Contains($"is for {other.Address}, not for the configured address {Front.Address}", p.Message);

        WriteBundle(_site.Bundle(Current, 3));
        using var ok = ConfigWithKeys.Load(Config($"    address: {Front.Address.ServiceId}\n"), Now);
        Assert.True(ok.Ok, string.Join("\n", ok.Problems));
    }

    [Fact]
    public void An_expired_bundle_is_refused_with_when_it_ran_out()
    {
        WriteBundle(_site.Bundle(Current.Previous.Previous, 2)); // ended when Current.Previous ended
        using var r = ConfigWithKeys.Load(Config(), Now);
        var p = Assert.Single(r.Problems);
        Assert.Contains("the bundle ran out", p.Message);
        Assert.Contains(Current.Start.ToString("yyyy-MM-dd HH:mm"), p.Message);
    }

    [Fact]
    public void A_bundle_and_a_key_file_of_one_frontend_clash_like_two_key_files()
    {
        WriteBundle(_site.Bundle(Current, 3));
        TorKeyFiles.WriteHiddenServiceDir(Dir["front"], Front);
        File.WriteAllText(Dir["config.yaml"],
            $"services:\n  - key: site.signing-bundle\n    instances:\n      - address: {Back.Address}\n" +
            $"  - key: front\n    instances:\n      - address: {Back.Address}\n");
        using var r = ConfigWithKeys.Load(Dir["config.yaml"], Now);
        Assert.Contains(r.Problems, p => p.Message.Contains("two services use the same frontend key"));
    }

    [Fact]
    public void Bundle_warn_days_is_read_from_anywhere_in_the_file_and_checked()
    {
        WriteBundle(_site.Bundle(Current, 3));
        File.WriteAllText(Dir["config.yaml"], $"services:\n  - key: site.signing-bundle\n    instances:\n      - address: {Back.Address}\nbundle_warn_days: 3\n");
        Assert.Equal(3, Assert.Single(ConfigLoader.LoadFile(Dir["config.yaml"]).Value.Services).BundleWarnDays);

        var bad = ConfigLoader.Parse($"bundle_warn_days: soon\nservices:\n  - key: k\n    instances:\n      - address: {Back.Address}\n", Dir["c.yaml"]);
        var p = Assert.Single(bad.Error!);
        Assert.Equal(1, p.Line);
        Assert.Contains("'bundle_warn_days' must be a whole number", p.Message);
    }
}
