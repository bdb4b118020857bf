using OnionGroove.Balancer.Publishing;

namespace OnionGroove.Balancer.Daemon;

/// <summary>Recent upload attempts per (service, HSDir): the evidence that a failing HSDir is
/// retried with growing pauses rather than in a tight loop. Bounded; callers hold the engine lock.</summary>
internal sealed class UploadAttemptLog
{
    public const int Keep = 64;
    private readonly Dictionary<(string Service, string HsDir), Queue<DateTimeOffset>> _byHsDir = [];

    public void Record(string serviceId, string hsDir, DateTimeOffset at)
    {
        var key = (serviceId, UploadLedger.Norm(hsDir));
        if (!_byHsDir.TryGetValue(key, out var q)) _byHsDir[key] = q = new Queue<DateTimeOffset>();
        q.Enqueue(at);
        while (q.Count > Keep) q.Dequeue();
    }

    public IReadOnlyList<DateTimeOffset> Of(string serviceId, string hsDir) =>
        _byHsDir.TryGetValue((serviceId, UploadLedger.Norm(hsDir)), out var q) ? [.. q] : [];

    public void Forget(string serviceId)
    {
        foreach (var k in _byHsDir.Keys.Where(k => k.Service == serviceId).ToList()) _byHsDir.Remove(k);
    }
}
