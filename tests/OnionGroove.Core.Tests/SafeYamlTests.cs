using System.Text;
using OnionGroove.Core.Yaml;
using OnionGroove.TestSupport.Fuzz;

namespace OnionGroove.Core.Tests;

public class SafeYamlTests
{
    [Fact]
    public void Clean_yaml_has_no_problems()
    {
        Assert.Empty(SafeYaml.Check("a: 1\nb:\n  - x\n  - y\nc: {d: 2}\n"));
        var (root, problems) = SafeYaml.Load("a: 1\n");
        Assert.Empty(problems);
        Assert.NotNull(root);
    }

    [Fact]
    public void Every_duplicate_key_is_reported_with_its_line()
    {
        var problems = SafeYaml.Check("a: 1\nb: 2\na: 3\nc:\n  x: 1\n  x: 2\n");
        Assert.Equal([3, 6], problems.Select(p => p.Line));
        Assert.All(problems, p => Assert.Contains("duplicate key", p.Message));
    }

    [Fact]
    public void An_unclosed_flow_mapping_points_at_its_opening_brace()
    {
        var p = Assert.Single(SafeYaml.Check("a: 1\nb: {c: 2\nd: 3\n"));
        Assert.Equal(2, p.Line);
        Assert.Contains("never closed", p.Message);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused_without_recursion()
    {
        var deep = new string('[', 100_000);
        var p = Assert.Single(SafeYaml.Check(deep));
        Assert.Contains($"deeper than {SafeYaml.MaxDepth}", p.Message);
    }

    [Fact]
    public void Mutated_yaml_never_throws()
    {
        const string valid = "sites:\n  - name: a\n    key: k.key\n    backends: [x, y]\n    opts: {n: 1, m: 'q'}\n";
        var report = Fuzzer.Run("safe yaml", Fuzzer.Seed(11_01), 3000, [Encoding.UTF8.GetBytes(valid)], bytes =>
        {
            var problems = SafeYaml.Load(Mutator.AsText(bytes)).Problems;
            if (problems.Count == 0) return null;
            Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
            return problems[0].ToString();
        });
        Assert.True(report.Refused > 0, report.ToString());
    }
}
