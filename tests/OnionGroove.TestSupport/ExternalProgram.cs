using System.Diagnostics;

namespace OnionGroove.TestSupport;

/// <summary>Runs real peer programs (tor, age, git, /usr/bin/python3 with stem) from tests.</summary>
public static class ExternalProgram
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static bool Exists(string name) =>
        name.Contains('/') ? File.Exists(name)
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(System.IO.Path.Combine(d, name)));

    /// <summary>Runs a program to completion with a hard timeout (the process tree is killed on expiry).</summary>
    public static Result Run(string file, IEnumerable<string> args, string? stdin = null, string? workingDirectory = null,
        TimeSpan? timeout = null, IDictionary<string, string>? env = null, byte[]? stdinBytes = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (stdinBytes is not null) p.StandardInput.BaseStream.Write(stdinBytes);
        else if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }
        return new Result(p.ExitCode, so.Result, se.Result);
    }
}
