using OnionGroove.Balancer.Config;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer.Tests;

public sealed class PowConfigTests
{
    private static readonly string A = NewAddress();

    private static string NewAddress()
    {
        using var k = IdentitySecretKey.Generate();
        return k.Address.ServiceId;
    }

    private static string Yaml(string? pow) => $"""
        services:
          - key: frontend.key
            instances:
              - address: {A}
        {(pow is null ? "" : "    pow: " + pow)}
        """;

    [Theory]
    [InlineData(null, PowMode.Off)]
    [InlineData("off", PowMode.Off)]
    [InlineData("on", PowMode.On)]
    [InlineData("follow", PowMode.Follow)]
    [InlineData("Follow", PowMode.Follow)]
    [InlineData("true", PowMode.On)]
    public void Pow_setting_is_read_with_off_as_default(string? text, PowMode expected)
    {
        var r = ConfigLoader.Parse(Yaml(text), "/etc/ob/config.yaml");
        Assert.True(r.IsSuccess, string.Join("\n", r.Error ?? []));
        Assert.Equal(expected, Assert.Single(r.Value.Services).Pow);
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("\"\"")]
    [InlineData("[on]")]
    public void A_bad_pow_setting_is_a_problem_on_its_line(string text)
    {
        var r = ConfigLoader.Parse(Yaml(text), "/etc/ob/config.yaml");
        Assert.False(r.IsSuccess);
        var p = Assert.Single(r.Error!);
        Assert.Equal(5, p.Line);
        Assert.Contains("pow", p.Message);
    }
    [Theory]
    [InlineData("follow", false, 0, PowMode.Off)] // the default: withheld, warned about
    [InlineData("on\n    pow_backends_verify_frontend: true\n    pow_min_effort: 40", true, 40, PowMode.On)]
    public void Backends_verifying_frontend_solutions_and_min_effort_are_read_with_false_and_zero_as_defaults(
        string pow, bool verify, int minEffort, PowMode effective)
    {
        var r = ConfigLoader.Parse(Yaml(pow), "/etc/ob/config.yaml");
        Assert.True(r.IsSuccess, string.Join("\n", r.Error ?? []));
        var svc = Assert.Single(r.Value.Services);
        Assert.Equal(verify, svc.PowBackendsVerifyFrontend);
        Assert.Equal(minEffort, svc.PowMinEffort);
        Assert.Equal(verify ? Selection.PowPublishing.Published : Selection.PowPublishing.Withheld, Selection.PowPolicy.Of(svc));
        Assert.Equal(effective, Selection.PowPolicy.Effective(svc));
        Assert.Equal(!verify, Selection.PowPolicy.Warning(svc, A) is not null);
    }

    [Theory]
    [InlineData("pow_min_effort: -1", 6)]
    [InlineData("pow_min_effort: 10001", 6)]
    [InlineData("pow_min_effort: lots", 6)]
    [InlineData("pow_backends_verify_frontend: maybe", 6)]
    public void Bad_pow_extras_are_problems_on_their_line(string line, int expectedLine)
    {
        var r = ConfigLoader.Parse(Yaml("follow\n    " + line), "/etc/ob/config.yaml");
        Assert.False(r.IsSuccess);
        var p = Assert.Single(r.Error!);
        Assert.Equal(expectedLine, p.Line);
        Assert.Contains(line.Split(':')[0], p.Message);
    }
}
