namespace OnionGroove.Cli.Tests;

/// <summary>Parse errors of any command: one `oniongroove:` line per problem, a --help hint, exit 2.</summary>
public class UsageErrorTests
{
    [Theory]
    [InlineData("oniongroove keygen", "--bogus", "keygen", "--bogus")]
    [InlineData("oniongroove descriptor decode", "--time-period: 'abc' is not a whole number", "descriptor", "decode", "--address", "x", "--time-period", "abc", "f")]
    [InlineData("oniongroove keygen", "--count: 'many' is not a whole number", "keygen", "--count", "many")]
    [InlineData("oniongroove age encrypt", "-r", "age", "encrypt", "-r")]
    [InlineData("oniongroove age", "encrpyt", "age", "encrpyt")]
    [InlineData("oniongroove site add", "NAME", "site", "add")]
    [InlineData("oniongroove balancer check", "--config", "balancer", "check")]
    [InlineData("oniongroove render", "--env", "render", "--env")]
    [InlineData("oniongroove", "no-such-command", "no-such-command")]
    [InlineData("oniongroove team", "", "team")]
    public void Parse_errors_are_one_prefixed_line_a_hint_and_exit_2(string command, string mentions, params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.StartsWith("oniongroove: ", l));
        Assert.Contains(mentions, lines[0]);
        Assert.Equal($"oniongroove: hint: see '{command} --help'", lines[^1]);
        Assert.DoesNotContain("System.", r.Stderr);
        Assert.DoesNotContain("Usage:", r.Stderr);
    }

    [Fact]
    public void Help_still_wins_over_a_bad_option()
    {
        var r = CliRunner.Run("keygen", "--bogus", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--prefix", r.Stdout);
    }
}
