using System.Diagnostics;
using OnionGroove.TestSupport;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OnionGroove.Deploy.Tests;

/// <summary>The progress lines of a slow fixture (booting hosts, building images): each to xunit's
/// diagnostic sink and to stderr (a CI log shows them while the fixture runs), as
/// "[NAME mm:ss] message", and each program it runs as a step with its time and, when it fails,
/// the end of its output in the exception.</summary>
public sealed class FixtureLog(IMessageSink sink, string name)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Time since the fixture started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Write(string message)
    {
        var line = $"[{name} {_clock.Elapsed:mm\\:ss}] {message}";
        sink.OnMessage(new DiagnosticMessage(line));
        Console.Error.WriteLine(line);
    }

    /// <summary>Runs one step; a non-zero exit throws with the last lines of its output.</summary>
    public ExternalProgram.Result Step(string what, Func<ExternalProgram.Result> run)
    {
        Write($"{what} ...");
        var started = _clock.Elapsed;
        var r = run();
        Write($"{what}: exit {r.ExitCode} in {(_clock.Elapsed - started).TotalSeconds:F0} s");
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed (exit {r.ExitCode}):\n{Tail(r.Stdout)}\n{Tail(r.Stderr)}");
        return r;
    }

    private static string Tail(string s, int lines = 60) => string.Join('\n', s.Split('\n').TakeLast(lines));
}
