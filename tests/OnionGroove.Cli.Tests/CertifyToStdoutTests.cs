using System.Text;
using OnionGroove.Descriptors.Offline;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>`site certify SITE --out -`: the bundle on stdout for Ansible's oniongroove_key lookup, which keeps it
/// in memory (docs/deployment.md); nothing is written to disk.</summary>
public sealed class CertifyToStdoutTests : IDisposable
{
    private readonly CliVault _v = new("og-certify-out", "admin", ("news", 1));

    public void Dispose() => _v.Dispose();

    [Fact]
    public void The_bundle_goes_to_stdout_and_parses_with_the_schedule_asked_for()
    {
        var r = CliRunner.Run("site", "certify", "news", "--out", "-", "--days", "1", "--period-length", "8", "--rotation-offset", "4",
            "-C", _v.Path, "-i", _v.Member.File);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("oniongroove-signing-bundle 1\n", r.Stdout);
        Assert.Contains("on stdout", r.Stderr);
        Assert.DoesNotContain("signing-key-seed", r.Stderr);
        Assert.True(SigningBundleFormat.Parse(Encoding.ASCII.GetBytes(r.Stdout)).TryGet(out var bundle, out var problem), problem?.ToString());
        using (bundle)
        {
            Assert.Equal(8, bundle.First.LengthMinutes);
            Assert.Equal(4, bundle.First.RotationOffsetMinutes);
            Assert.Null(bundle.CheckUsable(DateTimeOffset.UtcNow));
            Assert.InRange(bundle.Remaining(DateTimeOffset.UtcNow).TotalDays, 1, 1.1);
        }
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "-")));
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "news.signing-bundle")));
    }

    [Fact]
    public void Json_and_stdout_output_are_refused_together()
    {
        var r = CliRunner.Run("site", "certify", "news", "--out", "-", "--json", "-C", _v.Path, "-i", _v.Member.File);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal("", r.Stdout);
    }
}
