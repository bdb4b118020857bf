namespace OnionGroove.Cli.Tests;

public class HelpTests
{
    [Fact]
    public void Help_lists_the_command_groups()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("keygen", r.Stdout);
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        var r = CliRunner.Run("no-such-command");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("no-such-command", r.Stderr);
    }
}
