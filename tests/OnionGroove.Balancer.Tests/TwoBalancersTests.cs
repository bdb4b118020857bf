using System.Globalization;
using System.Text.RegularExpressions;
using OnionGroove.Balancer.Daemon;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Balancer.Tests;

/// <summary>The same frontend key published by two balancers that do not coordinate, on a real
/// private Tor network: counters only grow, a refused upload is never sent again and never locks a host out,
/// neither balancer reacts to the other's uploads, and a client reaches the site throughout.</summary>
// Each class starts a whole private Tor network (the twelve-backend one ~25 tor processes): one at a time.
[Collection("private Tor networks")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed partial class TwoBalancersTests(TwoBalancersFixture f, ITestOutputHelper output) : IClassFixture<TwoBalancersFixture>
{
    /// <summary>Long enough for each balancer's periodic refresh (2 minutes in a test network) to
    /// overwrite the other's descriptor at least once.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(170);

    private void Say(string line)
    {
        output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {line}");
        f.Progress(line);
    }

    private sealed record Upload(DateTimeOffset At, long Period, ulong Revision, string Reason);

    private sealed record Seen(DateTimeOffset At, string HsDir, long Period, ulong Revision);

    [GeneratedRegex(@"^(\S+) balancer: service \S+: uploading period (\d+) descriptor\(s\) .* revision (\d+): (.*)$", RegexOptions.Multiline)]
    private static partial Regex UploadLine();

    [GeneratedRegex(@"^(\S+) balancer: service \S+: upload to (\S+) failed: (.*)$", RegexOptions.Multiline)]
    private static partial Regex FailureLine();

    [GeneratedRegex(@"^\S+ balancer: service \S+: retrying the period .*\((.*)\)$", RegexOptions.Multiline)]
    private static partial Regex RetryLine();

    [GeneratedRegex(@"^(\S+) balancer: backend .*: \d+ intro point\(s\), period", RegexOptions.Multiline)]
    private static partial Regex BackendChangeLine();

    private static DateTimeOffset Time(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static List<Upload> Uploads(string log) => UploadLine().Matches(log)
        .Select(m => new Upload(Time(m.Groups[1].Value), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            ulong.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), m.Groups[4].Value.Trim())).ToList();

    [Fact]
    public async Task Two_balancers_with_one_key_never_fight_and_the_site_stays_reachable()
    {
        using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(7));
        var ct = overall.Token;
        var a = f.Stack.Daemon;
        var b = f.B.Daemon;
        try
        {
            Say("reached: " + await f.Stack.WaitReachableAsync(TimeSpan.FromSeconds(150), ct));
            await Eventually.LastAsync(() => new[] { a, b }.All(d => d.Engine.Status(DateTimeOffset.UtcNow).Services[0].LastSuccessfulPublish is not null),
                both => both, TimeSpan.FromSeconds(120), every: TimeSpan.FromSeconds(1), ct: ct);
            Assert.All(new[] { a, b }, d => Assert.NotNull(d.Engine.Status(DateTimeOffset.UtcNow).Services[0].LastSuccessfulPublish));

            var start = DateTimeOffset.UtcNow;
            var seen = new List<Seen>();
            var rounds = new List<(DateTimeOffset At, string? Who, int Attempts, string? Error)>();
            while (DateTimeOffset.UtcNow - start < Window)
            {
                // A client round: retry for up to 60 s; a round without an answer is an outage.
                var roundStart = DateTimeOffset.UtcNow;
                var attempts = 0;
                var (who, error) = await Eventually.LastAsync(_ => { attempts++; return f.Stack.FetchAsync(TimeSpan.FromSeconds(30), ct); },
                    answer => answer.Backend is not null, TimeSpan.FromSeconds(60), every: TimeSpan.FromSeconds(1), ct: ct);
                rounds.Add((roundStart, who, attempts, error));

                // What the HSDirs hold for the client's current period, with its revision counter.
                var view = await HsDirFetch.ViewAsync(f.Stack.Client, ct);
                var current = view.CandidatePeriods[1];
                var slots = view.SlotsFor(f.Stack.Frontend.PublicKey);
                var slot = slots.FirstOrDefault(s => s.Period.Number == current.Number) ?? slots[0];
                var answers = await HsDirFetch.FromEachAsync(f.Stack.Client, f.Stack.Frontend.ServiceId,
                    slot.HsDirs.Select(h => h.Fingerprint.ToString()).ToList(), TimeSpan.FromSeconds(40), ct);
                var now = DateTimeOffset.UtcNow;
                foreach (var ans in answers)
                {
                    if (ans.Descriptor is null) continue;
                    var d = HsDirFetch.Decode(ans.Descriptor, f.Stack.Frontend, view, now, out _);
                    if (d is not null) seen.Add(new Seen(now, ans.HsDir, d.Period.Number, d.RevisionCounter.Value));
                }
                Say($"client: {who ?? "no answer (" + error + ")"} after {attempts} attempt(s); HSDirs hold revisions " +
                    string.Join(' ', seen.Where(s => s.At == now).Select(s => $"{s.HsDir[..6]}:{s.Revision}")));
                await Task.Delay(5000, ct);
            }
            var end = DateTimeOffset.UtcNow;
            Report(start, end, seen, rounds);
            Check(start, end, seen, rounds);
        }
        catch
        {
            output.WriteLine("--- balancer A log\n" + f.LogA);
            output.WriteLine("--- balancer B log\n" + f.LogB);
            throw;
        }
    }

    private void Report(DateTimeOffset start, DateTimeOffset end, List<Seen> seen, List<(DateTimeOffset At, string? Who, int Attempts, string? Error)> rounds)
    {
        foreach (var (name, log) in new[] { ("A", f.LogA), ("B", f.LogB) })
        {
            var ups = Uploads(log);
            Say($"balancer {name}: {ups.Count} upload round(s) in all, {ups.Count(u => u.At >= start && u.At <= end)} in the " +
                $"{(end - start).TotalSeconds:0} s window");
            foreach (var u in ups) Say($"  {u.At:HH:mm:ss.fff} period {u.Period} revision {u.Revision}: {u.Reason}");
            foreach (Match m in FailureLine().Matches(log)) Say($"  upload FAILED {m.Groups[1].Value} {m.Groups[2].Value}: {m.Groups[3].Value}");
        }
        foreach (var d in new[] { ("A", f.Stack.Daemon), ("B", f.B.Daemon) })
        {
            var s = d.Item2.Engine.Status(DateTimeOffset.UtcNow).Services[0];
            Say($"balancer {d.Item1} per-HSDir uploads/failures: " + string.Join(' ', s.HsDirs.Select(h => $"{h.Fingerprint[..6]}={h.Uploads}/{h.Failures}")));
        }
        Say($"client rounds: {rounds.Count(r => r.Who is not null)}/{rounds.Count} answered; answers: " +
            string.Join(' ', rounds.Select(r => r.Who ?? "×")));
    }

    private void Check(DateTimeOffset start, DateTimeOffset end, List<Seen> seen, List<(DateTimeOffset At, string? Who, int Attempts, string? Error)> rounds)
    {
        var upsA = Uploads(f.LogA);
        var upsB = Uploads(f.LogB);

        // 1. An HSDir refuses an upload (UPLOAD_REJECTED) only when it already holds that period's
        //    descriptor with a counter at least as high. With counters from the clock that happens
        //    only when two uploads overtook each other on their way (one host's back-to-back
        //    rounds, or both hosts within the same seconds); it must never lock a host out: a
        //    refused descriptor is not sent again, and every refusal follows overlapping uploads.
        var rounds2 = upsA.Concat(upsB).Select(u => u.At).Order().ToList();
        foreach (var (name, log) in new[] { ("A", f.LogA), ("B", f.LogB) })
        {
            Assert.DoesNotContain(RetryLine().Matches(log), m => m.Groups[1].Value.Contains("UPLOAD_REJECTED", StringComparison.Ordinal));
            foreach (var m in FailureLine().Matches(log).Where(m => m.Groups[3].Value.Contains("UPLOAD_REJECTED", StringComparison.Ordinal)))
            {
                var t = Time(m.Groups[1].Value);
                var recent = rounds2.Count(u => u <= t && u >= t - BalancerTimings.TestNetwork.UploadTimeout);
                Assert.True(recent >= 2, $"balancer {name}: {m.Groups[2].Value} refused an upload at {t:HH:mm:ss.fff} with no other upload in flight");
            }
        }

        // 2. Each balancer's counters for a period only grow.
        foreach (var ups in new[] { upsA, upsB })
            foreach (var g in ups.GroupBy(u => u.Period))
                Assert.True(g.Zip(g.Skip(1)).All(p => p.Second.Revision > p.First.Revision), $"period {g.Key}: {string.Join(',', g.Select(u => u.Revision))}");

        // 3. What the HSDirs hold never goes backwards, comes from one of the two balancers, and
        //    both balancers' descriptors were accepted (neither is locked out by the other).
        foreach (var g in seen.GroupBy(s => (s.HsDir, s.Period)))
            Assert.True(g.Zip(g.Skip(1)).All(p => p.Second.Revision >= p.First.Revision), $"{g.Key}: {string.Join(',', g.Select(s => s.Revision))}");
        var fromA = upsA.Select(u => u.Revision).ToHashSet();
        var fromB = upsB.Select(u => u.Revision).ToHashSet();
        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.True(fromA.Contains(s.Revision) || fromB.Contains(s.Revision), $"revision {s.Revision} on {s.HsDir} uploaded by neither"));
        // Both keep getting their uploads accepted (HS_DESC UPLOADED is the HSDir's 200). Which
        // copy a client sees is whoever uploaded last; the two often refresh seconds apart, so a
        // sample every few seconds need not catch both.
        foreach (var (name, d, ups) in new[] { ("A", f.Stack.Daemon, upsA), ("B", f.B.Daemon, upsB) })
        {
            var accepted = d.Engine.Status(DateTimeOffset.UtcNow).Services[0].HsDirs.Sum(h => h.Uploads);
            Assert.True(accepted >= ups.Count, $"balancer {name}: {accepted} upload(s) accepted for {ups.Count} upload round(s)");
        }

        // 4. No ping-pong (the report above lists every upload with its reason): a bounded rate, per
        //    descriptor slot, one periodic refresh per RepublishInterval, plus one upload per change
        //    of its own backends' descriptors, plus an HSDir-set change or two (SRV, new period).
        var refresh = BalancerTimings.TestNetwork.RepublishInterval * 0.8; // refreshes come up to a fifth early (jitter)
        foreach (var (name, ups, log) in new[] { ("A", upsA, f.LogA), ("B", upsB, f.LogB) })
        {
            var inWindow = ups.Where(u => u.At >= start && u.At <= end).ToList();
            var changes = BackendChangeLine().Matches(log).Count(m => Time(m.Groups[1].Value) is var t && t >= start.AddSeconds(-30) && t <= end);
            var bound = 2 * ((int)((end - start) / refresh) + 1) + 2 * changes + 4;
            Say($"balancer {name}: {inWindow.Count} upload(s) in the window, bound {bound} ({changes} backend change(s))");
            Assert.True(inWindow.Count <= bound, $"balancer {name} uploaded {inWindow.Count} times (bound {bound})");
        }

        // 5. The site answered in every client round.
        Assert.All(rounds, r => Assert.True(r.Who is not null, $"no answer for 60 s from {r.At:HH:mm:ss}: {r.Error}"));
    }
}
