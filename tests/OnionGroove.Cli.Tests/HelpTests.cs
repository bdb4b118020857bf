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

public class LazyTreeTests
{
    [Fact]
    public void Each_noun_alone_is_the_same_command_as_in_the_whole_tree()
    {
        var all = CliApp.BuildRoot().Subcommands;
        Assert.True(all.Count >= 10);
        foreach (var noun in all)
        {
            var alone = CliApp.BuildRoot(noun.Name).Subcommands;
            var only = Assert.Single(alone);
            Assert.Equal(noun.Name, only.Name);
            Assert.Equal(Describe(noun), Describe(only));
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("no-such-command")]
    [InlineData("@response-file")]
    public void Anything_but_a_noun_gets_the_whole_tree(string first) =>
        Assert.Equal(CliApp.BuildRoot().Subcommands.Count, CliApp.BuildRoot(first).Subcommands.Count);

    [Fact]
    public void A_noun_command_line_behaves_as_with_the_whole_tree()
    {
        var r = CliRunner.Run("age", "encrypt", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--recipient", r.Stdout);
        var typo = CliRunner.Run("age", "encrpyt");
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("encrpyt", typo.Stderr);
    }

    // Subcommands and options, recursively: what a user can type under this noun.
    private static string Describe(System.CommandLine.Command c) =>
        c.Name + "(" + string.Join(",", c.Options.Select(o => o.Name)) + ")[" + string.Join(";", c.Subcommands.Select(Describe)) + "]";
}
