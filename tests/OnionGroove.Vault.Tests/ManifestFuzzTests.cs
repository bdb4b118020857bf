using System.Text;
using OnionGroove.TestSupport.Fuzz;
using OnionGroove.Vault.Manifest;
using Xunit.Abstractions;

namespace OnionGroove.Vault.Tests;

/// <summary>oniongroove.yaml comes from git, so from every teammate (issue #10): no input makes the
/// reader throw, and a repeated key is refused rather than resolved as "last one wins".</summary>
public class ManifestFuzzTests(ITestOutputHelper output)
{
    private const string Address = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";

    private const string Valid = $"""
        # OnionGroove team vault manifest.
        version: 1
        team:
        - name: alice
          recipient: age1qqqq
        - name: bob
          recipient: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ3CyVx0ZgcrEGN1vQdLUIhU8tB0bT6cbCj7eJ0vkdDB bob@laptop
        sites:
        - name: news
          address: {Address}
          frontend:
            path: secrets/news/frontend.age
            sealed_to: [alice, bob]
          backends:
          - name: b1
            address: {Address}
            host: h1
            secret:
              path: secrets/news/backends/b1.age
              sealed_to:
              - alice
              - bob
          clients:
          - name: c1
            public_key: abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst
            secret:
              path: secrets/news/clients/c1.age
              sealed_to: [alice, bob]
        hosts:
        - name: h1
          address: 192.0.2.1
        """;

    [Fact]
    public void A_second_recipient_line_is_refused_with_both_lines()
    {
        // Before: the last `recipient:` won silently, so an added line quietly changed who can read.
        var yaml = "version: 1\nteam:\n- name: alice\n  recipient: age1qqqq\n  recipient: age1rrrr\n";
        var r = ManifestFile.Parse(yaml);
        Assert.Null(r.ValueOrDefault);
        Assert.Equal(5, r.Error!.Line);
        Assert.Contains("duplicate key 'recipient' (first at line 4)", r.Error.Message);
    }

    [Fact]
    public void A_repeated_top_level_list_is_refused()
    {
        var yaml = "version: 1\nteam:\n- name: alice\n  recipient: age1qqqq\nteam:\n- name: eve\n  recipient: age1rrrr\n";
        var r = ManifestFile.Parse(yaml);
        Assert.Equal(5, r.Error!.Line);
        Assert.Contains("duplicate key 'team'", r.Error.Message);
    }

    [Fact]
    public void The_same_key_in_two_entries_is_not_a_duplicate()
    {
        Assert.Null(ManifestFile.Parse(Valid).Error);
    }

    [Fact]
    public void Mutated_manifests_never_throw()
    {
        var report = Fuzzer.Run("vault manifest", Fuzzer.Seed(10_04), 4000, [Encoding.UTF8.GetBytes(Valid)], bytes =>
        {
            var r = ManifestFile.Parse(Mutator.AsText(bytes));
            if (r.IsSuccess) return null;
            Assert.False(string.IsNullOrWhiteSpace(r.Error!.Message));
            return r.Error.ToString();
        });
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }
}
