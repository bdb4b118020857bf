namespace OnionGroove.Deploy.Tests;

/// <summary>Debian's ansible-lint, with the repository's .ansible-lint (production profile).</summary>
public sealed class AnsibleLintTests
{
    [Fact]
    public void Roles_and_playbooks_are_lint_clean()
    {
        var r = Ansible.Run("ansible-lint", ["--nocolor", "-q"], TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0, $"ansible-lint found problems:\n{r.Stdout}\n{r.Stderr}");
    }

    [Fact]
    public void Every_role_variable_is_documented_with_a_comment()
    {
        foreach (var defaults in Directory.GetFiles(Path.Combine(Ansible.Root, "roles"), "main.yml", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(Path.Combine("defaults", "main.yml"), StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(defaults);
            for (var i = 0; i < lines.Length; i++)
            {
                // A top-level variable starts in column 0; the line above must be a comment.
                if (lines[i].Length == 0 || lines[i][0] is ' ' or '#' or '-') continue;
                Assert.True(i > 0 && lines[i - 1].StartsWith('#'), $"{defaults}:{i + 1}: '{lines[i]}' has no comment above it");
            }
        }
    }
}
