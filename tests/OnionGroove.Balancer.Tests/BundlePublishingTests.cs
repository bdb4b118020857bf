using System.Text;
using OnionGroove.Balancer.Backends;
using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Metrics;
using OnionGroove.Balancer.Publishing;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Offline;
using static OnionGroove.Balancer.Tests.EngineTestKit;

namespace OnionGroove.Balancer.Tests;

/// <summary>Publishing from a signing bundle (issue #12): each slot is signed with the bundle's key and
/// certificate for its period, a period the bundle lacks is skipped and said once (never signed otherwise),
/// the time left is warned about, exported and replaced on reload with the old keys zeroed.</summary>
public sealed class BundlePublishingTests : IDisposable
{
    private static readonly BalancerTimings Timings = BalancerTimings.TestNetwork;
    private readonly IdentitySecretKey _front = IdentitySecretKey.Generate();
    private readonly IdentitySecretKey _back = IdentitySecretKey.Generate();
    private readonly List<string> _log = [];

    public void Dispose()
    {
        _front.Dispose();
        _back.Dispose();
    }

    private (PublishPlanner Planner, BackendTracker Backends, ServiceState Service) Make(SigningBundle bundle, int warnDays = ServiceConfig.DefaultBundleWarnDays)
    {
        var codec = new DescriptorCodec();
        var backends = new BackendTracker(codec, _log.Add);
        var config = ConfigFor([_back]) with { BundleWarnDays = warnDays };
        var keys = BundleTestKit.KeysFor(bundle);
        var service = new ServiceState(new ServiceId(bundle.Address), config, keys, new UploadLedger(Backoff.Default, Timings.UploadTimeout));
        backends.Configure(service.Id, config, keys);
        Assert.True(backends.OnDescriptorContent(Id(_back), BackendDescriptorText(_back, [RandomIntro(1), RandomIntro(2)]), EightHsDirs(), Now, Timings.BackendStaleAfter));
        return (new PublishPlanner(codec, _log.Add, new Random(1)), backends, service);
    }

    [Fact]
    public void Both_slots_are_signed_with_the_bundle_keys_and_verify_against_the_blinded_key()
    {
        using var bundle = BundleTestKit.Bundle(_front, Period.Previous, 4);
        var (planner, backends, service) = Make(bundle);

        var jobs = planner.Plan([service], backends, EightHsDirs(), Timings, Now);

        Assert.Equal([Period.Number, Period.Next.Number], jobs.Select(j => j.Period.Number).Order());
        foreach (var job in jobs)
        {
            var keys = bundle.For(job.Period)!;
            // Decoding checks the certificate chains to the blinded key of the frontend for that period
            // (rend-spec-v3 §2.1) and that the layers decrypt with its subcredential.
            var decoded = HsDescriptorDecoder.Decode(Encoding.ASCII.GetBytes(job.Descriptor), _front.Address, job.Period, now: Now);
            Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
            var cert = decoded.Value.OuterLayer.SigningKeyCert;
            Assert.Equal(keys.Certificate.Encoded, cert.Encoded);
            Assert.Equal(keys.SigningPublicKey.AsSpan().ToArray(), cert.CertifiedKey);
            Assert.Equal(_front.PublicKey.Blind(job.Period).AsSpan().ToArray(), cert.SigningKey);
            Assert.Equal(2, decoded.Value.IntroductionPoints.Count);
        }
        Assert.DoesNotContain(_log, l => l.Contains("ERROR")); // (it warns: 4 periods run out within 7 days)
    }

    [Fact]
    public void A_period_without_a_key_is_skipped_and_said_once_while_the_other_is_served()
    {
        using var bundle = BundleTestKit.Bundle(_front, Period, 1); // no key for Period.Next
        var (planner, backends, service) = Make(bundle);
        var view = EightHsDirs();

        var jobs = planner.Plan([service], backends, view, Timings, Now);
        Assert.Equal([Period.Number], jobs.Select(j => j.Period.Number).Distinct());
        foreach (var j in jobs) foreach (var h in j.HsDirs) service.Ledger.OnUploaded(h, Now);

        // Later rounds: nothing to do, a forced republish, a refresh; the missing period is never signed.
        Assert.Empty(planner.Plan([service], backends, view, Timings, Now.AddSeconds(5)));
        service.ForceRepublish = true;
        Assert.All(planner.Plan([service], backends, view, Timings, Now.AddSeconds(10)), j => Assert.Equal(Period, j.Period));
        Assert.All(planner.Plan([service], backends, view, Timings, Now + Timings.RepublishInterval * 2), j => Assert.Equal(Period, j.Period));

        var said = Assert.Single(_log, l => l.Contains("no key for time period"));
        Assert.StartsWith($"ERROR service {_front.Address}", said);
        Assert.Contains($"time period {Period.Next.Number} ", said);
        Assert.Contains("NOT published", said);
    }

    [Fact]
    public void A_bundle_with_no_key_for_either_slot_publishes_nothing()
    {
        using var bundle = BundleTestKit.Bundle(_front, Period.Next.Next, 2);
        var (planner, backends, service) = Make(bundle);
        Assert.Empty(planner.Plan([service], backends, EightHsDirs(), Timings, Now));
        Assert.Empty(planner.Plan([service], backends, EightHsDirs(), Timings, Now.AddMinutes(1)));
        Assert.Equal(2, _log.Count(l => l.Contains("no key for time period")));
    }

    [Fact]
    public void The_log_warns_once_a_day_within_the_configured_days_before_the_bundle_runs_out()
    {
        using var bundle = BundleTestKit.Bundle(_front, Period, 2); // runs out at Period.Next.End: 1 day 21 h after Now
        var (planner, backends, service) = Make(bundle);
        planner.Plan([service], backends, EightHsDirs(), Timings, Now);
        planner.Plan([service], backends, EightHsDirs(), Timings, Now.AddHours(1));
        var warning = Assert.Single(_log, l => l.Contains("WARNING"));
        Assert.Contains("runs out at", warning);
        Assert.Contains("in 2 day(s)", warning);

        planner.Plan([service], backends, EightHsDirs(), Timings, Now.AddHours(22)); // under a day left now
        Assert.Contains(_log, l => l.Contains("WARNING") && l.Contains("in 1 day(s)"));

        _log.Clear();
        var (quiet, qb, qs) = Make(bundle, warnDays: 1);
        quiet.Plan([qs], qb, EightHsDirs(), Timings, Now);
        Assert.DoesNotContain(_log, l => l.Contains("WARNING"));
    }

    [Fact]
    public void Status_and_metrics_show_when_the_bundle_runs_out_and_a_reload_swaps_it_zeroing_the_old_keys()
    {
        var engine = new BalancerEngine(new DescriptorCodec(), Timings, _log.Add);
        var config = ConfigFor([_back]);
        var old = BundleTestKit.Bundle(_front, Period, 3);
        engine.ApplyConfig([(config, BundleTestKit.KeysFor(old, "/site.signing-bundle"))]);
        Assert.Contains(_log, l => l.Contains("signing with the bundle /site.signing-bundle") && l.Contains("the identity key is not on this host"));

        var status = Assert.Single(engine.Status(Now).Services);
        Assert.Equal(old.CoversUntil, status.SigningBundleRunsOut);
        var text = PrometheusText.Render(engine.Status(Now));
        Assert.Contains($"oniongroove_signing_bundle_runs_out_timestamp_seconds{{service=\"{_front.Address.ServiceId}\"}} {old.CoversUntil.ToUnixTimeSeconds()}", text);
        Assert.Equal(old.CoversUntil, Assert.Single(PrometheusText.ToStatus(PrometheusText.Parse(text).Samples).Services).SigningBundleRunsOut);

        var refreshed = BundleTestKit.Bundle(_front, Period, 30);
        engine.ApplyConfig([(config, BundleTestKit.KeysFor(refreshed))]);
        Assert.Equal(refreshed.CoversUntil, Assert.Single(engine.Status(Now).Services).SigningBundleRunsOut);
        Assert.All(old.Periods, p => Assert.True(p.Seed.ToArray().All(b => b == 0), "the old bundle's seeds are zeroed"));
        Assert.Contains(refreshed.Periods, p => p.Seed.ToArray().Any(b => b != 0));

        // A service with its identity key has no such metric (and its output is unchanged).
        var plain = new BalancerEngine(new DescriptorCodec(), Timings, _log.Add);
        plain.ApplyConfig([(config, KeysFor(_front))]);
        Assert.Null(Assert.Single(plain.Status(Now).Services).SigningBundleRunsOut);
        Assert.DoesNotContain("oniongroove_signing_bundle_runs_out_timestamp_seconds{", PrometheusText.Render(plain.Status(Now)));
        refreshed.Dispose();
    }
}
