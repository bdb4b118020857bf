using OnionGroove.Crypto.Keys;
using OnionGroove.Probe.Checks;
using OnionGroove.Probe.Network;
using OnionGroove.Probe.Site;

namespace OnionGroove.Probe.Tests;

public sealed class ProbeVerdictTests
{
    private static readonly DateTimeOffset Now = TestDescriptors.Now;
    private static readonly ProbeSettings Settings = new();

    internal static DescriptorReview Review(int introPoints = 3)
    {
        using var id = IdentitySecretKey.Generate();
        return DescriptorCheck.Review(TestDescriptors.Build(id, introPoints), id.Address, TestDescriptors.Period, null, Now);
    }

    internal static HsDirResult Found(DescriptorReview review, int i) => new($"{i:X40}", i < 3, true, 0.5, null, review);
    internal static HsDirResult Missing(int i) => new($"{i:X40}", i < 3, false, 30, "Failed: NOT_FOUND", null);
    internal static SiteResult Answer(int status = 200, TlsFacts? tls = null) => new("http://x.onion/", true, status, 1.2, null, tls);

    [Fact]
    public void Every_hsdir_and_an_answer_is_ok()
    {
        var d = Review();
        var (v, reasons) = ProbeVerdict.Judge([.. Enumerable.Range(0, 6).Select(i => Found(d, i))], d, [Answer()], Settings, Now);
        Assert.Equal(Verdict.Ok, v);
        Assert.Empty(reasons);
    }

    [Fact]
    public void Some_hsdirs_without_the_descriptor_is_degraded_and_names_them()
    {
        var d = Review();
        var (v, reasons) = ProbeVerdict.Judge([Found(d, 0), Found(d, 1), Missing(7)], d, [Answer()], Settings, Now);
        Assert.Equal(Verdict.Degraded, v);
        var r = Assert.Single(reasons);
        Assert.Contains("1 of 3", r);
        Assert.Contains("00000000 (Failed: NOT_FOUND)", r);
    }

    [Fact]
    public void No_usable_descriptor_or_no_answer_is_unreachable()
    {
        var empty = Review(introPoints: 0);
        Assert.Equal(Verdict.Unreachable, ProbeVerdict.Judge([Found(empty, 0), Missing(1)], empty, [], Settings, Now).Verdict);
        Assert.Equal(Verdict.Unreachable, ProbeVerdict.Judge([Missing(0), Missing(1)], null, [], Settings, Now).Verdict);
        Assert.Equal(Verdict.Unreachable, ProbeVerdict.Judge([], null, [], Settings, Now).Verdict);
        var d = Review();
        var down = new SiteResult("http://x.onion/", false, null, 60, "no answer within 60 s", null);
        var (v, reasons) = ProbeVerdict.Judge([Found(d, 0)], d, [down], Settings, Now);
        Assert.Equal(Verdict.Unreachable, v);
        Assert.Contains(reasons, r => r.Contains("no answer within 60 s"));
    }

    [Fact]
    public void Server_errors_and_certificate_problems_are_degraded()
    {
        var d = Review();
        HsDirResult[] all = [Found(d, 0)];
        Assert.Equal(Verdict.Degraded, ProbeVerdict.Judge(all, d, [Answer(502)], Settings, Now).Verdict);
        Assert.Equal(Verdict.Ok, ProbeVerdict.Judge(all, d, [Answer(404)], Settings, Now).Verdict);

        var good = new TlsFacts(Now.AddDays(60), true, true, "CN=x.onion");
        Assert.Equal(Verdict.Ok, ProbeVerdict.Judge(all, d, [Answer(tls: good)], Settings, Now).Verdict);
        foreach (var bad in new[] { good with { NotAfter = Now.AddDays(3) }, good with { NotAfter = Now.AddDays(-1) }, good with { NameMatches = false }, good with { Trusted = false } })
            Assert.Equal(Verdict.Degraded, ProbeVerdict.Judge(all, d, [Answer(tls: bad)], Settings, Now).Verdict);
        Assert.Equal(Verdict.Ok, ProbeVerdict.Judge(all, d, [Answer(tls: good with { Trusted = false })], Settings with { RequireTrustedCertificate = false }, Now).Verdict);
        Assert.Equal(Verdict.Ok, ProbeVerdict.Judge(all, d, [Answer(tls: good with { NotAfter = Now.AddDays(3) })], Settings with { TlsExpiryWarning = TimeSpan.FromDays(1) }, Now).Verdict);
    }

    [Fact]
    public void The_worst_site_sets_the_round_and_the_exit_code()
    {
        SiteReport R(Verdict v) => new("s", "a", Now, 1, [], null, [], v, []);
        Assert.Equal(Verdict.Ok, new ProbeRound([], null).Worst);
        Assert.Equal(Verdict.Degraded, new ProbeRound([R(Verdict.Ok), R(Verdict.Degraded)], null).Worst);
        Assert.Equal(Verdict.Unreachable, new ProbeRound([R(Verdict.Unreachable), R(Verdict.Degraded)], null).Worst);
        Assert.Equal(Cli.ExitCodes.Ok, Cli.Commands.Probe.ProbeCommand.ExitCodeOf(Verdict.Ok));
        Assert.Equal(Cli.ExitCodes.ProbeDegraded, Cli.Commands.Probe.ProbeCommand.ExitCodeOf(Verdict.Degraded));
        Assert.Equal(Cli.ExitCodes.ProbeUnreachable, Cli.Commands.Probe.ProbeCommand.ExitCodeOf(Verdict.Unreachable));
        Assert.NotEqual(Cli.ExitCodes.ProbeDegraded, Cli.ExitCodes.ProbeUnreachable);
    }
}
