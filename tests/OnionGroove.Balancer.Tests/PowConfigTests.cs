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
}
