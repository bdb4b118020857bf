using System.Collections.Concurrent;
using OnionGroove.Control.Events;

namespace OnionGroove.Demo.Capacity;

/// <summary>The descriptor uploads of one tor's onion services as its HS_DESC events tell them
/// (control-spec §4.1.25): UPLOAD when tor starts posting one descriptor to one HSDir, then UPLOADED
/// or FAILED. An upload that got neither was dropped without an answer (e.g. its directory
/// connection expired while waiting for a circuit) or is still under way. The tor is one the
/// harness started for its own services, so every upload it reports is one of theirs.</summary>
internal sealed class UploadLog(DateTimeOffset start)
{
    public enum Kind { Attempt, Uploaded, Failed }

    public readonly record struct Entry(DateTimeOffset At, string Address, Kind Kind);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public DateTimeOffset Start { get; } = start;

    /// <summary>Records an upload event (fetches are ignored).</summary>
    public void Add(HsDescEvent e, DateTimeOffset at)
    {
        Kind? kind = e.Action switch
        {
            HsDescAction.Upload => Kind.Attempt,
            HsDescAction.Uploaded => Kind.Uploaded,
            HsDescAction.Failed => Kind.Failed,
            _ => null,
        };
        if (kind is { } k && e.Address != "UNKNOWN") _entries.Enqueue(new Entry(at, e.Address, k));
    }

    private IEnumerable<Entry> Between(DateTimeOffset from, DateTimeOffset to) => _entries.Where(x => x.At >= from && x.At < to);

    public int Count(Kind kind, DateTimeOffset from, DateTimeOffset to) => Between(from, to).Count(x => x.Kind == kind);

    /// <summary>Services with at least one descriptor accepted by an HSDir so far.</summary>
    public int ServicesUploaded => _entries.Where(x => x.Kind == Kind.Uploaded).Select(x => x.Address).Distinct().Count();

    /// <summary>Seconds from <see cref="Start"/> to each service's first accepted upload, sorted.</summary>
    public IReadOnlyList<double> FirstUploadSeconds() =>
        [.. _entries.Where(x => x.Kind == Kind.Uploaded).GroupBy(x => x.Address)
            .Select(g => (g.Min(x => x.At) - Start).TotalSeconds).Order()];

    /// <summary>Per minute since <see cref="Start"/> up to <paramref name="until"/>: accepted uploads,
    /// and services published for the first time, e.g. "0:320/100 1:12/0".</summary>
    public string Timeline(DateTimeOffset until)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((until - Start).TotalMinutes));
        var uploads = new int[minutes];
        var first = new int[minutes];
        int Minute(DateTimeOffset at) => Math.Clamp((int)((at - Start).TotalMinutes), 0, minutes - 1);
        foreach (var x in _entries.Where(x => x.Kind == Kind.Uploaded && x.At < until)) uploads[Minute(x.At)]++;
        foreach (var s in FirstUploadSeconds()) if (Start.AddSeconds(s) < until) first[Minute(Start.AddSeconds(s))]++;
        return string.Join(' ', Enumerable.Range(0, minutes).Select(m => $"{m}:{uploads[m]}/{first[m]}"));
    }
}
