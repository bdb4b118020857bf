using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Descriptors.OuterLayer;

namespace OnionGroove.Balancer.Publishing;

/// <summary>Per-HSDir upload state of one frontend service: an upload counts as done only when tor
/// reports <c>HS_DESC UPLOADED</c>; <c>FAILED</c> (or silence past a timeout) schedules a retry
/// with backoff. tor's UPLOADED/FAILED events name the address and HSDir but not the descriptor,
/// so results are matched to the oldest pending upload to that HSDir. It also measures how long
/// each HSDir has left posts unanswered (see <see cref="ExpireUnanswered"/>).</summary>
public sealed class UploadLedger(Backoff backoff, TimeSpan pendingTimeout)
{
    /// <summary><see cref="State.Rejected"/>: the HSDir refused the descriptor (HTTP 400,
    /// <c>UPLOAD_REJECTED</c>). For a descriptor we built that means it already holds one with a
    /// revision counter at least as high (rend-spec §2.4: it keeps only higher counters): ours
    /// posted a moment later over a faster circuit, or another balancer host's. Sending the same
    /// bytes again can only be refused again, so a rejected upload is not retried; the next change
    /// or refresh brings a new counter.</summary>
    public enum State { Pending, Uploaded, Failed, Rejected }

    /// <summary>tor's HS_DESC FAILED reason when the HSDir answered 400.</summary>
    public const string RejectedReason = "UPLOAD_REJECTED";

    /// <summary>One descriptor (time period + revision) on one HSDir.</summary>
    public sealed class Entry(TimePeriod period, HsDirId hsDir, RevisionCounter revision, DateTimeOffset postedAt)
    {
        public TimePeriod Period { get; } = period;
        public HsDirId HsDir { get; } = hsDir;
        public RevisionCounter Revision { get; internal set; } = revision;
        public DateTimeOffset PostedAt { get; internal set; } = postedAt;
        public State State { get; internal set; } = State.Pending;
        public int ConsecutiveFailures { get; internal set; }
        public DateTimeOffset RetryAt { get; internal set; }
        public string? LastFailure { get; internal set; }
    }

    /// <summary>Totals per HSDir, for metrics.</summary>
    public sealed class HsDirStats
    {
        public long Uploads { get; internal set; }
        public long Failures { get; internal set; }
        /// <summary>Of <see cref="Failures"/>, those the HSDir refused (see <see cref="State.Rejected"/>).</summary>
        public long Rejections { get; internal set; }
        public DateTimeOffset? LastSuccess { get; internal set; }
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<(TimePeriod Period, HsDirId HsDir), Entry> _entries = [];
    private readonly Dictionary<HsDirId, HsDirStats> _stats = [];
    /// <summary>HSDir → first post tor has not yet reported on (UPLOADED or FAILED).</summary>
    private readonly Dictionary<HsDirId, DateTimeOffset> _unansweredSince = [];
    /// <summary>HSDir → when each post tor has not yet answered was handed over, oldest first: the
    /// uploads in flight (<see cref="InFlight"/>). Unlike the entries, two posts of one period to
    /// one HSDir count twice, since tor works on both.</summary>
    private readonly Dictionary<HsDirId, Queue<DateTimeOffset>> _inFlight = [];

    public DateTimeOffset? LastSuccess { get; private set; }

    public void MarkPosted(TimePeriod period, HsDirId hsDir, RevisionCounter revision, DateTimeOffset now)
    {
        lock (_lock)
        {
            _unansweredSince.TryAdd(hsDir, now);
            if (!_inFlight.TryGetValue(hsDir, out var q)) _inFlight[hsDir] = q = new Queue<DateTimeOffset>();
            q.Enqueue(now);
            if (_entries.TryGetValue((period, hsDir), out var e))
            {
                e.Revision = revision; e.PostedAt = now; e.State = State.Pending;
            }
            else _entries[(period, hsDir)] = new Entry(period, hsDir, revision, now);
        }
    }

    public void OnUploaded(HsDirId hsDir, DateTimeOffset now)
    {
        lock (_lock)
        {
            _unansweredSince.Remove(hsDir);
            Answered(hsDir);
            var s = Stats(hsDir);
            s.Uploads++; s.LastSuccess = now; LastSuccess = now;
            if (OldestPending(hsDir) is { } e) { e.State = State.Uploaded; e.ConsecutiveFailures = 0; e.LastFailure = null; }
        }
    }

    public void OnFailed(HsDirId hsDir, string reason, DateTimeOffset now)
    {
        lock (_lock)
        {
            _unansweredSince.Remove(hsDir);
            Answered(hsDir);
            Failed(hsDir, reason, now);
        }
    }

    private void Failed(HsDirId hsDir, string reason, DateTimeOffset now)
    {
        var s = Stats(hsDir);
        s.Failures++;
        if (reason == RejectedReason) s.Rejections++;
        if (OldestPending(hsDir) is not { } e) return;
        if (reason == RejectedReason)
        {
            e.State = State.Rejected;
            e.LastFailure = reason;
        }
        else Fail(e, reason, now);
    }

    /// <summary>Entries whose upload must be repeated now: failed ones past their backoff, and
    /// pending ones tor never answered for (their silence counts as a failure).</summary>
    public IReadOnlyList<Entry> DueForRetry(DateTimeOffset now)
    {
        lock (_lock)
        {
            foreach (var e in _entries.Values.Where(e => e.State == State.Pending && now - e.PostedAt > pendingTimeout).ToList())
            {
                Stats(e.HsDir).Failures++;
                Fail(e, "no answer from tor", now);
            }
            return _entries.Values.Where(e => e.State == State.Failed && e.RetryAt <= now).ToList();
        }
    }

    /// <summary>Earliest moment a retry becomes due (for the scheduler), or null.</summary>
    public DateTimeOffset? NextRetryAt()
    {
        lock (_lock)
        {
            DateTimeOffset? next = null;
            foreach (var e in _entries.Values)
            {
                var t = e.State switch { State.Failed => e.RetryAt, State.Pending => e.PostedAt + pendingTimeout, _ => (DateTimeOffset?)null };
                if (t is { } v && (next is null || v < next)) next = v;
            }
            return next;
        }
    }

    public IReadOnlyList<Entry> Snapshot() { lock (_lock) return _entries.Values.ToList(); }

    /// <summary>True when some HSDir has left a post unanswered for longer than <paramref name="timeout"/>.</summary>
    public bool AnyUnansweredLongerThan(TimeSpan timeout, DateTimeOffset now)
    {
        lock (_lock) return _unansweredSince.Values.Any(since => now - since > timeout);
    }

    /// <summary>An HSDir that hangs (accepts connections, never answers) gets no HS_DESC event from
    /// tor for a long time, and each newer descriptor posted to it restarts the per-upload timer of
    /// <see cref="DueForRetry"/>. So silence is also measured from the first unanswered post: past
    /// <paramref name="timeout"/> every upload still pending there fails and the HSDir goes into
    /// backoff. Returns the HSDirs that were failed so.</summary>
    public IReadOnlyList<HsDirId> ExpireUnanswered(TimeSpan timeout, DateTimeOffset now)
    {
        lock (_lock)
        {
            var failed = new List<HsDirId>();
            foreach (var h in _unansweredSince.Where(kv => now - kv.Value > timeout).Select(kv => kv.Key).ToList())
            {
                _unansweredSince.Remove(h);
                // The per-upload timer may have timed them out already; count each silence once.
                var pending = _entries.Values.Count(e => e.HsDir == h && e.State == State.Pending);
                if (pending == 0) continue;
                // A silent HSDir is silent for both periods' descriptors: all of them go into backoff.
                for (var i = 0; i < pending; i++) Failed(h, $"no answer within {timeout.TotalSeconds:0} s", now);
                failed.Add(h);
            }
            return failed;
        }
    }

    public IReadOnlyDictionary<HsDirId, HsDirStats> StatsByHsDir()
    {
        lock (_lock) return _stats.ToDictionary(kv => kv.Key, kv => new HsDirStats
        {
            Uploads = kv.Value.Uploads, Failures = kv.Value.Failures, Rejections = kv.Value.Rejections, LastSuccess = kv.Value.LastSuccess,
        });
    }

    /// <summary>Drops state of periods no longer published.</summary>
    public void ForgetPeriodsBefore(TimePeriod period)
    {
        lock (_lock)
            foreach (var k in _entries.Keys.Where(k => k.Period.Number < period.Number).ToList()) _entries.Remove(k);
    }

    private void Fail(Entry e, string reason, DateTimeOffset now)
    {
        e.State = State.Failed;
        e.ConsecutiveFailures++;
        e.LastFailure = reason;
        e.RetryAt = now + backoff.Delay(e.ConsecutiveFailures);
    }

    /// <summary>Uploads handed to tor and not answered yet, leaving out those older than
    /// <paramref name="timeout"/>: tor may never answer (an HSDir that hangs, an event lost with a
    /// connection), and such an upload is failed by the timeout anyway, so it must not hold a slot
    /// of <see cref="UploadBudget"/> for ever.</summary>
    public int InFlight(DateTimeOffset now, TimeSpan timeout)
    {
        lock (_lock)
        {
            var count = 0;
            foreach (var (h, q) in _inFlight.ToList())
            {
                while (q.Count > 0 && now - q.Peek() > timeout) q.Dequeue();
                if (q.Count == 0) _inFlight.Remove(h);
                count += q.Count;
            }
            return count;
        }
    }

    /// <summary>tor restarted or the connection to it was lost: nothing it was handed will be answered.</summary>
    public void ForgetInFlight()
    {
        lock (_lock) _inFlight.Clear();
    }

    /// <summary>tor answered one post to <paramref name="hsDir"/>: the oldest, as with the entries.</summary>
    private void Answered(HsDirId hsDir)
    {
        if (_inFlight.TryGetValue(hsDir, out var q) && q.TryDequeue(out _) && q.Count == 0) _inFlight.Remove(hsDir);
    }

    private Entry? OldestPending(HsDirId hsDir) =>
        _entries.Values.Where(e => e.HsDir == hsDir && e.State == State.Pending).MinBy(e => e.PostedAt);

    private HsDirStats Stats(HsDirId hsDir)
    {
        if (!_stats.TryGetValue(hsDir, out var s)) _stats[hsDir] = s = new HsDirStats();
        return s;
    }
}
