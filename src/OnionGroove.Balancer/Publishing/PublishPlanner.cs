using OnionGroove.Balancer.Backends;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Selection;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Descriptors.OuterLayer;

namespace OnionGroove.Balancer.Publishing;

/// <summary>Decides what to upload where and when: for each service and each of its two descriptor
/// slots, a new descriptor when the intro points or the HSDir set changed, on first publication,
/// when the republish interval passed or when forced; plus retries of failed uploads. No I/O and
/// no lock of its own: the engine serialises calls.</summary>
/// <remarks>With many services, one change (a backend's new descriptor) makes every service
/// upload at once: 100 sites × 2 periods × ~8 HSDirs is ~1,600 directory posts, and the daemon
/// hands them to tor one HSPOST at a time. Measured with 100 sites: the loop was busy for over
/// 3 minutes, so a site whose backend died waited behind everyone's routine uploads and the
/// dead backend stayed advertised. So each round plans at most <see cref="MaxPostsPerRound"/>
/// HSPOSTs, most urgent first (<see cref="PublishUrgency"/>: a changed live set before first
/// publications and HSDir changes, then forced, then refreshes and retries), and only while the
/// uploads tor has not answered yet stay within <see cref="UploadBudget"/>; the rest wait for a
/// later round with their state untouched.</remarks>
internal sealed class PublishPlanner(IDescriptorCodec codec, Action<string> log, Random? random = null)
{
    /// <summary>HSPOSTs planned per round at most (a round is one daemon tick).</summary>
    public const int MaxPostsPerRound = 10;

    private readonly Descriptors.Building.RevisionCounterClock _revisions = new();
    private readonly UploadAttemptLog _attempts = new();

    public IReadOnlyList<PublishJob> Plan(IEnumerable<ServiceState> services, BackendTracker backends, INetworkView view,
        BalancerTimings timings, DateTimeOffset now)
    {
        var jobs = new List<PublishJob>();
        var all = services.ToList();
        foreach (var s in all) SignerCheck.Report(s, Slots(s, view), now, log);
        var ranked = all.Select(s => (Service: s, Urgency: Urgency(s, backends, view, timings, now)))
            .Where(x => x.Urgency is not null)
            .OrderBy(x => x.Urgency).ThenBy(x => x.Service.LastPlanned).ToList();
        var inFlight = all.Sum(s => s.Ledger.InFlight(now, timings.UploadTimeout));
        foreach (var (s, urgency) in ranked)
        {
            // Ranked most urgent first, and a less urgent service never has a higher limit: stop here.
            if (jobs.Count >= MaxPostsPerRound || inFlight >= UploadBudget.LimitFor(urgency!.Value)) break;
            var before = jobs.Count;
            PlanService(s, backends, view, timings, now, jobs);
            inFlight += jobs.Skip(before).Sum(j => j.HsDirs.Count);
            s.LastPlanned = now;
        }
        return jobs;
    }

    /// <summary>When uploads of <paramref name="service"/>'s descriptors to one HSDir were handed to
    /// tor (newest last, the last <see cref="UploadAttemptLog.Keep"/>).</summary>
    public IReadOnlyList<DateTimeOffset> Attempts(ServiceId service, HsDirId hsDir) => _attempts.Of(service, hsDir);

    public void Forget(ServiceId service) => _attempts.Forget(service);

    /// <summary>How urgently a service needs planning; null nothing to do.</summary>
    private static PublishUrgency? Urgency(ServiceState s, BackendTracker backends, INetworkView view, BalancerTimings timings, DateTimeOffset now)
    {
        var liveNow = backends.LiveOf(s.Id, now, timings.BackendStaleAfter);
        // A backend died or came back, rotated its PoW seed or changed its effort. Urgent only when
        // descriptors are out there saying otherwise; before that it is part of first publication.
        if (BackendTracker.LiveSet(liveNow) != s.LastLive || PowKey(s, liveNow) != s.LastPowKey)
            return s.Published.Count > 0 ? PublishUrgency.LiveSetChanged : PublishUrgency.Unpublished;
        if (s.LastLive!.Count == 0) return null; // nothing live, nothing to upload
        var slots = Signable(s, view);
        foreach (var slot in slots)
            if (!s.Published.TryGetValue(slot.Period, out var last) || last.HsDirs != slot.HsDirSet) return PublishUrgency.Unpublished;
        if (s.ForceRepublish) return PublishUrgency.Forced;
        if (slots.Any(slot => s.Published[slot.Period] is var p && now - p.At >= p.RefreshAfter)) return PublishUrgency.Routine;
        if (s.Ledger.NextRetryAt() is { } retry && retry <= now) return PublishUrgency.Routine;
        if (s.Ledger.AnyUnansweredLongerThan(timings.UploadTimeout, now)) return PublishUrgency.Routine;
        return null;
    }

    /// <summary>A service's descriptor slots for this view; blinding the key costs a scalar
    /// multiplication per period, so it is done once per consensus, not once per tick.</summary>
    private static IReadOnlyList<DescriptorSlot> Slots(ServiceState s, INetworkView view)
    {
        if (s.SlotsView != view || s.Slots is null)
        {
            s.Slots = view.SlotsFor(s.Keys.Signer.PublicKey);
            s.SlotsView = view;
        }
        return s.Slots;
    }

    /// <summary>The slots the service's signer has a key for: a period a signing bundle lacks is skipped
    /// (and reported by <see cref="SignerCheck"/>), never signed with anything else.</summary>
    private static IReadOnlyList<DescriptorSlot> Signable(ServiceState s, INetworkView view) =>
        [.. Slots(s, view).Where(slot => s.Keys.Signer.CanSign(slot.Period))];

    private void PlanService(ServiceState s, BackendTracker backends, INetworkView view, BalancerTimings timings, DateTimeOffset now, List<PublishJob> jobs)
    {
        var liveBackends = backends.LiveOf(s.Id, now, timings.BackendStaleAfter);
        s.LastLive = BackendTracker.LiveSet(liveBackends);
        s.LastPowKey = PowKey(s, liveBackends);
        var powOf = liveBackends.ToDictionary(b => b.Id.ToString(), b => b.Current!.Pow, StringComparer.Ordinal);
        var live = liveBackends.Select(b => new BackendIntroPoints<IntroductionPoint>(b.Id.ToString(), b.Current!.IntroPoints)).ToList();
        var all = backends.Of(s.Id);
        foreach (var b in all) b.Published = false;
        if (live.Count == 0) return; // nothing to advertise yet: keep whatever is on the HSDirs

        foreach (var h in s.Ledger.ExpireUnanswered(timings.UploadTimeout, now))
            log($"service {s.Keys.Signer.Address}: no answer from HSDir {h} within {timings.UploadTimeout.TotalSeconds:0} s");
        // HSDirs waiting out a backoff, and the (period, HSDir) uploads the ledger will retry.
        var entries = s.Ledger.Snapshot();
        var backingOffHsDirs = entries.Where(e => e.State == UploadLedger.State.Failed && e.RetryAt > now).Select(e => e.HsDir).ToHashSet();
        var tracked = entries.Select(e => (e.Period, e.HsDir)).ToHashSet();
        var slots = Slots(s, view);
        var force = s.ForceRepublish;
        s.ForceRepublish = false;
        var introCount = 0;
        var groupsCount = 0;
        foreach (var slot in Signable(s, view))
        {
            var powPlan = PowPlan.Make(PowPolicy.Effective(s.Config), live, id => powOf.GetValueOrDefault(id), slot.HsDirs, s.Config.MaxIntroPoints,
                s.Config.IntroPointsPerInstance, s.Rotation, IntroPointRelay.Of, s.Config.PowMinEffort);
            var plan = powPlan?.Plan ?? DescriptorPlan<IntroductionPoint>.Make(live, slot.HsDirs, s.Config.MaxIntroPoints,
                s.Config.IntroPointsPerInstance, s.Config.DistinctDescriptors, s.Rotation, IntroPointRelay.Of);
            var powOfGroup = powPlan?.Pow;
            var groups = plan.Groups.Select(IntroPointId.SetOf).ToList();
            introCount = Math.Max(introCount, plan.Groups.Sum(g => g.Count));
            groupsCount = Math.Max(groupsCount, plan.Groups.Count);
            var used = plan.Groups.SelectMany(g => g).Select(IntroPointId.Of).ToHashSet();
            foreach (var b in all)
                if (b.Current is { } cur && cur.IntroPoints.Any(ip => used.Contains(IntroPointId.Of(ip)))) b.Published = true;

            s.Published.TryGetValue(slot.Period, out var last);
            var reason = last is null ? "first upload for this period"
                : force ? "forced (config reload or tor reconnect)"
                : !last.SameGroups(groups) ? "intro points changed"
                : last.PowKey != s.LastPowKey ? "backend pow-params changed"
                : last.HsDirs != slot.HsDirSet ? "HSDir set changed"
                : now - last.At >= last.RefreshAfter ? "periodic refresh"
                : null;

            if (reason is not null)
            {
                var revision = _revisions.Next(s.Keys.Signer.PublicKey, slot.Period, now);
                var texts = new Dictionary<HsDirId, string>();
                for (var g = 0; g < plan.Groups.Count; g++)
                {
                    var targets = slot.HsDirs.Where(h => plan.GroupOfHsDir.TryGetValue(h.Fingerprint, out var x) && x == g)
                        .Select(h => h.Fingerprint).ToList();
                    if (targets.Count == 0) continue;
                    var (text, error) = codec.BuildFrontend(s.Keys.Signer, slot.Period, plan.Groups[g], revision, s.Keys.AuthorizedClients, now,
                        powOfGroup?[g]);
                    if (text is null)
                    {
                        log($"service {s.Keys.Signer.Address}: cannot build descriptor for period {slot.Period.Number}: {error}");
                        continue;
                    }
                    var posted = new List<HsDirId>();
                    foreach (var t in targets)
                    {
                        texts[t] = text;
                        // An HSDir waiting out its backoff gets this descriptor at its retry, not now:
                        // frequent changes must not turn the backoff into a tight loop.
                        // (A period it holds nothing for yet still gets one attempt, so the ledger tracks it.)
                        if (backingOffHsDirs.Contains(t) && tracked.Contains((slot.Period, t))) continue;
                        MarkPosted(s, slot.Period, t, revision, now);
                        posted.Add(t);
                    }
                    if (posted.Count > 0) jobs.Add(new PublishJob(s.Id, slot.Period, revision, text, posted));
                }
                s.Published[slot.Period] = new PublishedSlot(groups, slot.HsDirSet, now, texts,
                    timings.RepublishInterval * (0.8 + 0.2 * (random ?? Random.Shared).NextDouble())) { PowKey = s.LastPowKey };
                log($"service {s.Keys.Signer.Address}: uploading period {slot.Period.Number} descriptor(s) " +
                    $"({plan.Groups.Count} set(s), {plan.Groups.Sum(g => g.Count)} intro points from {live.Count} backend(s)) " +
                    $"to {slot.HsDirs.Count} HSDir(s), revision {revision}: {reason}");
            }
            else if (last is not null)
            {
                // Retry the HSDirs whose upload failed, with the descriptor they should hold.
                foreach (var e in s.Ledger.DueForRetry(now).Where(e => e.Period == slot.Period))
                {
                    if (!last.DescriptorOfHsDir.TryGetValue(e.HsDir, out var text)) continue;
                    MarkPosted(s, e.Period, e.HsDir, e.Revision, now);
                    log($"service {s.Keys.Signer.Address}: retrying the period {e.Period.Number} upload to {e.HsDir} " +
                        $"after {e.ConsecutiveFailures} failure(s) ({e.LastFailure})");
                    jobs.Add(new PublishJob(s.Id, e.Period, e.Revision, text, [e.HsDir]));
                }
            }
        }
        var keepFrom = slots.MinBy(x => x.Period.Number)!.Period;
        foreach (var old in s.Published.Keys.Where(p => p.Number < keepFrom.Number).ToList()) s.Published.Remove(old);
        s.Ledger.ForgetPeriodsBefore(keepFrom);
        s.LastIntroPointCount = introCount;
        s.LastDescriptorCount = groupsCount;
        if (live.Count * 3 > s.Config.MaxIntroPoints || PowPlanRotates(s, live, powOf, slots)) s.Rotation++;
    }

    /// <summary>The PoW state of the live backends the plan depends on ("" when no pow-params are published).</summary>
    private static string PowKey(ServiceState s, IEnumerable<BackendState> live) =>
        PowPlan.Key(PowPolicy.Effective(s.Config), live.Select(b => (b.Id.ToString(), b.Current?.Pow)));

    /// <summary>More seed groups than HSDir slots clients fetch from: move the window at every plan.</summary>
    private static bool PowPlanRotates(ServiceState s, IReadOnlyList<BackendIntroPoints<IntroductionPoint>> live,
        IReadOnlyDictionary<string, PowParams?> powOf, IReadOnlyList<DescriptorSlot> slots) =>
        PowPolicy.Effective(s.Config) != Config.PowMode.Off && slots.Count > 0
        && live.Select(b => powOf.GetValueOrDefault(b.BackendId)?.Seed).OfType<byte[]>().Select(Convert.ToBase64String).Distinct().Count()
           > slots[0].HsDirs.Count(h => h.ClientsFetchHere) - 1;

    private void MarkPosted(ServiceState s, TimePeriod period, HsDirId hsDir, RevisionCounter revision, DateTimeOffset now)
    {
        s.Ledger.MarkPosted(period, hsDir, revision, now);
        _attempts.Record(s.Id, hsDir, now);
    }
}
