using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Cli.Commands.Keygen;

/// <summary>
/// The live status line on a terminal's stderr: rate, candidates tried, keys found, how many
/// prefixes are searched at once and the expected time to the next match (which counts every
/// prefix: <paramref name="matchesPerCandidate"/> is their combined chance). Writes nothing when
/// stderr is not a terminal.
/// </summary>
internal sealed class ProgressLine(TextWriter stderr, bool enabled, double matchesPerCandidate, int wanted, int prefixCount = 1) : IProgress<VanityProgress>
{
    private readonly object _gate = new();
    private bool _shown;

    /// <summary>True when <paramref name="stderr"/> is the process's own, unredirected stderr.</summary>
    public static bool IsTerminal(TextWriter stderr) => ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;

    public void Report(VanityProgress value)
    {
        if (!enabled) return;
        var line = Format(value);
        lock (_gate)
        {
            stderr.Write("\r\u001b[K" + line);
            stderr.Flush();
            _shown = true;
        }
    }

    internal string Format(VanityProgress value) => Format(value,
        value.Rate > 0 ? TimeSpan.FromSeconds(Math.Min(1 / matchesPerCandidate / value.Rate, 1e12)) : null);

    private string Format(VanityProgress value, TimeSpan? expected) =>
        $"{FormatCount(value.Rate)}/s · {FormatCount(value.Candidates)} tried · {value.Found}/{wanted} found" +
        (prefixCount > 1 ? $" · {prefixCount} prefixes" : "") +
        (expected is { } e ? $" · next match expected in ~{FormatDuration(e)}" : "");

    /// <summary>Removes the status line so ordinary output starts on a clean line.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (!_shown) return;
            stderr.Write("\r\u001b[K");
            stderr.Flush();
            _shown = false;
        }
    }

    internal static string FormatCount(double n) => n switch
    {
        >= 1e12 => $"{n / 1e12:0.00} T",
        >= 1e9 => $"{n / 1e9:0.00} G",
        >= 1e6 => $"{n / 1e6:0.00} M",
        >= 1e3 => $"{n / 1e3:0.0} k",
        _ => $"{n:0}",
    };

    internal static string FormatDuration(TimeSpan t) => t.TotalSeconds switch
    {
        < 60 => $"{t.TotalSeconds:0} s",
        < 3600 => $"{t.TotalMinutes:0} min",
        < 86400 * 2 => $"{t.TotalHours:0.0} h",
        < 86400 * 365 * 2 => $"{t.TotalDays:0} days",
        _ => $"{t.TotalDays / 365.25:0} years",
    };
}
