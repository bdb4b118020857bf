using System.CommandLine;
using OnionGroove.Cli.Commands.ManPages;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>The man pages come from the same command tree as --help: every command and option is
/// documented, and groff reads every page without a warning.</summary>
public class ManPageTests
{
    private static readonly RootCommand Root = CliApp.BuildRoot();
    private static readonly IReadOnlyList<ManPage> Pages = ManPageWriter.Pages(Root, "1.2.3", new DateOnly(2026, 12, 5));

    private static IEnumerable<(string Path, Command Command)> Commands(Command c, string parent)
    {
        foreach (var sub in c.Subcommands.Where(s => !s.Hidden))
        {
            var path = $"{parent} {sub.Name}";
            yield return (path, sub);
            foreach (var x in Commands(sub, path)) yield return x;
        }
    }

    /// <summary>The roff between a command's heading and the next heading of the page.</summary>
    private static string Section(string page, string heading)
    {
        var start = page.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {heading}");
        var next = page.IndexOf("\n.S", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? page[start..] : page[start..next];
    }

    private static string Page(string file) => Assert.Single(Pages, p => p.FileName == file).Text;

    [Fact]
    public void There_is_one_page_for_the_program_and_one_per_command()
    {
        var nouns = Root.Subcommands.Where(c => !c.Hidden).Select(c => $"oniongroove-{c.Name}.1");
        Assert.Equal(["oniongroove.1", .. nouns], Pages.Select(p => p.FileName));
        Assert.DoesNotContain(Pages, p => p.FileName.Contains("manpages", StringComparison.Ordinal));
        foreach (var noun in Root.Subcommands.Where(c => !c.Hidden))
            Assert.Contains($"\\fB{ManPageWriter.Escape(noun.Name)}\\fR\n{ManPageWriter.Escape(noun.Description!)}", Page("oniongroove.1"));
    }

    [Fact]
    public void Every_command_and_option_is_documented_with_its_help_text()
    {
        var checkedOptions = 0;
        foreach (var (path, cmd) in Commands(Root, "oniongroove"))
        {
            var words = path.Split(' ');
            var page = Page($"oniongroove-{words[1]}.1");
            // A top-level command's own options are under OPTIONS; a subcommand has its own heading.
            var section = words.Length == 2 ? page : Section(page, $".SS \"{ManPageWriter.Escape(path)}\"");
            Assert.Contains(ManPageWriter.Escape(cmd.Description!), section);
            foreach (var option in cmd.Options.Where(o => !o.Hidden))
            {
                Assert.Contains(ManPageWriter.OptionTerm(option) + "\n" + ManPageWriter.Escape(option.Description!), section);
                checkedOptions++;
            }
            foreach (var argument in cmd.Arguments.Where(a => !a.Hidden))
                Assert.Contains(ManPageWriter.Escape(argument.HelpName ?? argument.Name).ToUpperInvariant(), section);
        }
        Assert.True(checkedOptions > 100, $"only {checkedOptions} options seen");
    }

    [Fact]
    public void Required_options_and_defaults_are_marked()
    {
        var balancer = Page("oniongroove-balancer.1");
        Assert.Contains("\\fB\\-c\\fR, \\fB\\-\\-config\\fR \\fICONFIG\\fR\nThe configuration file to check (required)", Section(balancer, ".SS \"oniongroove balancer check\""));
        Assert.Contains("(default: 2)", Page("oniongroove-demo.1"));
        Assert.Contains(".TH ONIONGROOVE-BALANCER 1 2026-12-05 \"oniongroove 1.2.3\"", balancer);
    }

    [Fact]
    public void Groff_formats_every_page_without_a_warning()
    {
        Assert.True(ExternalProgram.Exists("groff"), "groff is missing (Debian's groff-base, which man-db needs)");
        var dir = Directory.CreateTempSubdirectory("og-man-");
        try
        {
            foreach (var page in Pages)
            {
                var file = Path.Combine(dir.FullName, page.FileName);
                File.WriteAllText(file, page.Text);
                var r = ExternalProgram.Run("groff", ["-man", "-ww", "-z", "-Tutf8", file]);
                Assert.True(r.ExitCode == 0 && r.Stderr.Length == 0, $"{page.FileName}: {r.Stderr}");
                // Each page's NAME line is what apropos and lintian read: "name \- summary".
                Assert.Matches(@"\.SH ""NAME""\n" + page.Title.Replace("-", "\\\\-", StringComparison.Ordinal) + @" \\- \S", page.Text);
            }
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void The_hidden_command_writes_the_pages_and_help_does_not_list_it()
    {
        var dir = Directory.CreateTempSubdirectory("og-man-");
        try
        {
            var r = CliRunner.Run("manpages", "--out", dir.FullName);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(Pages.Select(p => p.FileName).Order(), Directory.GetFiles(dir.FullName).Select(Path.GetFileName).Order());
            Assert.DoesNotContain("manpages", CliRunner.Run("--help").Stdout);
        }
        finally { dir.Delete(recursive: true); }
    }
}

/// <summary>Completion: the program answers System.CommandLine's [suggest] directive, and the
/// packaged bash script (packaging/bash-completion/oniongroove) turns that into COMPREPLY.</summary>
public class CompletionTests
{
    [Theory]
    [InlineData("oniongroove bal", "balancer")]
    [InlineData("oniongroove balancer ", "check\nrun\nstatus")]
    [InlineData("oniongroove balancer check --c", "--config")]
    public void The_suggest_directive_completes_from_the_command_tree(string line, string expected)
    {
        var r = CliRunner.Run($"[suggest:{line.Length}]", line);
        Assert.Equal(0, r.ExitCode);
        var words = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith('-') || expected.StartsWith('-'));
        foreach (var word in expected.Split('\n')) Assert.Contains(word, words);
    }

    [Theory]
    [InlineData("balancer ch", "check")]
    [InlineData("age enc", "encrypt")]
    [InlineData("balancer run --tor-e", "--tor-executable")]
    public void Bash_completes_through_the_packaged_script(string typed, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("og-completion-");
        try
        {
            // The built program under the name a user types, through a path (COMP_WORDS[0] is run).
            var program = Path.Combine(dir.FullName, "oniongroove");
            File.WriteAllText(program, $"#!/bin/sh\nexec dotnet {OgProcess.Dll} \"$@\"\n");
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var script = Path.Combine(SharedFiles.RepoRoot, "packaging", "bash-completion", "oniongroove");
            var words = string.Join(' ', typed.Split(' ').Select(w => $"'{w}'"));
            var cword = typed.Split(' ').Length;
            var r = ExternalProgram.Run("bash", ["-c",
                $"source '{script}'; COMP_LINE=\"{program} {typed}\"; COMP_POINT=${{#COMP_LINE}}; " +
                $"COMP_WORDS=('{program}' {words}); COMP_CWORD={cword}; _oniongroove; printf '%s\\n' \"${{COMPREPLY[@]}}\""],
                timeout: TimeSpan.FromMinutes(1));
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal(expected, r.Stdout.Trim());
        }
        finally { dir.Delete(recursive: true); }
    }
}
