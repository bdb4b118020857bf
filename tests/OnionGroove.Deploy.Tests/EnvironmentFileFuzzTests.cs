using System.Text;
using OnionGroove.Deploy.Plan;
using OnionGroove.TestSupport;
using OnionGroove.TestSupport.Fuzz;
using Xunit.Abstractions;

namespace OnionGroove.Deploy.Tests;

/// <summary>environment.yml is edited by hand (issue #10): no input makes the reader throw, and a
/// host or option written twice is refused rather than resolved as "last one wins".</summary>
public class EnvironmentFileFuzzTests(ITestOutputHelper output)
{
    private const string Valid = """
        # OnionGroove environment
        version: 1
        hosts:
          fe1: {frontend: true, address: 10.231.1.2}
          be1:
            address: be1.example.org
            user: deploy
            port: 2222
        sites:
          news:
            virtual_port: 80
            local_port: 8080
            upstream: http://127.0.0.1:8080
            clearnet: news.example.org
            intro_points: 3
            frontend: fe1
        tor_network:
          - TestingTorNetwork 1
          - DirAuthority a0 orport=5001 no-v2 v3ident=AAAA 10.231.1.1:5002 BBBB
        """;

    [Theory]
    [InlineData("version: 1\nhosts:\n  be1: {address: a}\n  be1: {address: b}\n", "line 4: duplicate key 'be1' (first at line 3)")]
    [InlineData("version: 1\nhosts:\n  be1:\n    port: 22\n    port: 2222\n", "line 5: duplicate key 'port' (first at line 4)")]
    [InlineData("version: 1\nhosts: {fe1: {frontend: true}\nsites: {}\n", "line 2: the '{' here is never closed")]
    public void Repeated_keys_and_unclosed_braces_are_refused_with_their_line(string yaml, string expected)
    {
        var r = EnvironmentSettingsFile.Parse(yaml);
        Assert.Null(r.ValueOrDefault);
        Assert.StartsWith(expected, r.Error?.ToString());
    }

    [Fact]
    public void A_host_and_a_site_with_no_settings_get_the_defaults()
    {
        // Found by the fuzzer: replacing the null entry while enumerating threw InvalidOperationException.
        var r = EnvironmentSettingsFile.Parse("version: 1\nhosts:\n  be1:\nsites:\n  news:\n");
        Assert.True(r.IsSuccess, r.Error?.ToString());
        Assert.NotNull(r.Value.Hosts["be1"]);
        Assert.NotNull(r.Value.Sites["news"]);
    }

    [Fact]
    public void Mutated_environment_files_never_throw()
    {
        Assert.NotNull(EnvironmentSettingsFile.Parse(Valid).ValueOrDefault);
        var report = Fuzzer.Run("environment.yml", Fuzzer.Seed(10_05), 4000, [Encoding.UTF8.GetBytes(Valid)], bytes =>
        {
            var r = EnvironmentSettingsFile.Parse(Mutator.AsText(bytes));
            if (r.IsSuccess) return null;
            Assert.False(string.IsNullOrWhiteSpace(r.Error.ToString()));
            return r.Error.ToString();
        });
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }

    [Fact]
    public void A_missing_file_is_the_defaults_and_one_that_is_not_a_regular_file_is_refused_at_once()
    {
        using var dir = new TempDir();
        Assert.Equal(1, EnvironmentSettingsFile.Read(dir["none.environment.yml"]).Value.Version);
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal(0, ExternalProgram.Run("mkfifo", [dir["fifo.environment.yml"]]).ExitCode);
        File.CreateSymbolicLink(dir["zero.environment.yml"], "/dev/zero");
        foreach (var name in new[] { "fifo.environment.yml", "zero.environment.yml" })
        {
            var read = Task.Run(() => EnvironmentSettingsFile.Read(dir[name]));
            Assert.True(read.Wait(TimeSpan.FromSeconds(10)), $"reading {name} blocked");
            Assert.Contains("not a regular file", read.Result.Error!.Message);
        }
    }
}
