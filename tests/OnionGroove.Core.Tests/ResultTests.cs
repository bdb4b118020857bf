using OnionGroove.Core;

namespace OnionGroove.Core.Tests;

public class ResultTests
{
    private static Result<int, Problem> Half(int n) => n % 2 == 0 ? n / 2 : new Problem($"{n} is odd", Line: 3);

    [Fact]
    public void Success_carries_the_value_and_no_error()
    {
        var r = Half(8);
        Assert.True(r.IsSuccess);
        Assert.Equal(4, r.Value);
        Assert.Null(r.Error);
        Assert.True(r.TryGet(out var v, out var e));
        Assert.Equal(4, v);
        Assert.Null(e);
    }

    [Fact]
    public void Failure_carries_the_error_and_reading_the_value_is_a_programming_error()
    {
        var r = Half(7);
        Assert.False(r.IsSuccess);
        Assert.Equal("7 is odd", r.Error.Message);
        Assert.Equal(0, r.ValueOrDefault);
        var ex = Assert.Throws<InvalidOperationException>(() => r.Value);
        Assert.Contains("7 is odd", ex.Message);
        Assert.False(r.TryGet(out _, out var e));
        Assert.Equal(3, e!.Line);
    }

    [Fact]
    public void A_failure_needs_an_error()
    {
        Assert.Throws<ArgumentNullException>(() => Result<int, Problem>.Failure(null!));
    }

    [Fact]
    public void Default_is_a_failure_without_an_error_never_a_silent_success()
    {
        var r = default(Result<string, Problem>);
        Assert.False(r.IsSuccess);
        Assert.Throws<InvalidOperationException>(() => r.Value);
    }

    [Fact]
    public void Map_and_Then_stop_at_the_first_error()
    {
        Assert.Equal(2, Half(8).Then(Half).Value);
        Assert.Equal("3 is odd", Half(12).Then(Half).Then(Half).Error!.Message);
        Assert.Equal("8!", Half(16).Map(v => $"{v}!").Value);
        var calls = 0;
        var r = Half(5).Map(v => { calls++; return v; });
        Assert.Equal(0, calls);
        Assert.Equal("5 is odd", r.Error!.Message);
        Assert.Equal("5 is odd at 0", Half(5).MapError(p => $"{p.Message} at {p.Column}").Error);
    }

    [Theory]
    [InlineData(null, 0, "bad")]
    [InlineData(null, 4, "line 4: bad")]
    [InlineData("a.yml", 0, "a.yml: bad")]
    [InlineData("a.yml", 4, "a.yml:4: bad")]
    public void A_problem_reads_like_a_compiler_message(string? source, int line, string expected)
    {
        var p = new Problem("bad", line);
        Assert.Equal(expected, (source is null ? p : p.In(source)).ToString());
    }

    [Fact]
    public void A_default_result_is_neither_and_says_so_instead_of_giving_a_null_error()
    {
        Result<int, Problem> r = default;
        Assert.False(r.IsSuccess);
        Assert.Equal(0, r.ValueOrDefault);
        Assert.Contains("neither a value nor an error", Assert.Throws<InvalidOperationException>(() => r.Error).Message);
        Assert.Throws<InvalidOperationException>(() => r.TryGet(out _, out _));
        Assert.Throws<InvalidOperationException>(() => r.Value);
        Assert.Throws<InvalidOperationException>(() => r.Map(x => x + 1));
        Assert.Equal("default (neither value nor error)", r.ToString());
    }
}
