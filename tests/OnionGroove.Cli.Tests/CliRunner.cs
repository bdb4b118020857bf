namespace OnionGroove.Cli.Tests;

/// <summary>Runs the real command tree in-process with captured stdout/stderr.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.RunAsync(args, o, e).GetAwaiter().GetResult();
        return new Result(code, o.ToString(), e.ToString());
    }
}
