using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Balancer.Publishing;

/// <summary>Recent upload attempts per (service, HSDir): the evidence that a failing HSDir is
/// retried with growing pauses rather than in a tight loop. Bounded; callers hold the engine lock.</summary>
internal sealed class UploadAttemptLog
{
    public const int Keep = 64;
    private readonly Dictionary<(ServiceId Service, HsDirId HsDir), Queue<DateTimeOffset>> _byHsDir = [];

    public void Record(ServiceId service, HsDirId hsDir, DateTimeOffset at)
    {
        if (!_byHsDir.TryGetValue((service, hsDir), out var q)) _byHsDir[(service, hsDir)] = q = new Queue<DateTimeOffset>();
        q.Enqueue(at);
        while (q.Count > Keep) q.Dequeue();
    }

    public IReadOnlyList<DateTimeOffset> Of(ServiceId service, HsDirId hsDir) =>
        _byHsDir.TryGetValue((service, hsDir), out var q) ? [.. q] : [];

    public void Forget(ServiceId service)
    {
        foreach (var k in _byHsDir.Keys.Where(k => k.Service == service).ToList()) _byHsDir.Remove(k);
    }
}
