using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Signing;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.TestSupport;

namespace OnionGroove.Balancer.Tests;

/// <summary>A refreshed signing bundle written over the old one is a configuration change (issue #12): the
/// file is watched, the reload replaces the running bundle and zeroes the old one's keys; a broken refresh
/// is refused and the running bundle kept; a bundle that has run out does not block other changes.</summary>
public sealed class BundleReloadTests : IDisposable
{
    private readonly BundleSite _site = new();
    // The daemon checks bundles against the clock: issue them around now.
    private readonly TimePeriod _current = TimePeriod.FromTime(DateTimeOffset.UtcNow);
    private readonly StringWriter _logged = new();
    private readonly List<string> _engineLog = [];
    private int _wakes;

    public void Dispose() => _site.Dispose();

    private byte[] Bundle(TimePeriod first, int count) => _site.Bundle(first, count, created: DateTimeOffset.UtcNow);

    /// <summary>An engine running the site's configuration and a reloader watching its files.</summary>
    private (BalancerEngine Engine, ConfigReloader Reloader, BundleSigner Signer) Start()
    {
        var loaded = ConfigSet.Load(_site.ConfigPath);
        Assert.True(loaded.IsSuccess, string.Join("; ", loaded.Error ?? []));
        var (config, services) = loaded.Value;
        var signer = Assert.IsType<BundleSigner>(services[0].Item2.Signer);
        var engine = new BalancerEngine(new DescriptorCodec(), BalancerTimings.TestNetwork, l => { lock (_engineLog) _engineLog.Add(l); });
        engine.ApplyConfig(services);
        var reloader = new ConfigReloader(config!, _site.ConfigPath, engine, () => Interlocked.Increment(ref _wakes), new DaemonLog(_logged));
        reloader.WatchFile();
        return (engine, reloader, signer);
    }

    /// <summary>Waits until the watcher asked for a reload after <paramref name="change"/>, then reloads.</summary>
    private void ChangeAndReload(ConfigReloader reloader, Action change, string what)
    {
        var before = Volatile.Read(ref _wakes);
        change();
        Eventually.True(() => Volatile.Read(ref _wakes) > before, what + " is noticed", TimeSpan.FromSeconds(10));
        reloader.ReloadIfRequested();
    }

    [Fact]
    public void A_bundle_written_over_the_old_one_is_detected_and_replaces_it()
    {
        _site.WriteBundle(Bundle(_current.Previous, 3));
        _site.Config();
        var (engine, reloader, old) = Start();
        using var _ = reloader;

        ChangeAndReload(reloader, () => _site.ReplaceBundle(Bundle(_current.Previous, 20)), "the bundle's change");
        Assert.Contains("configuration reloaded", _logged.ToString());
        var runsOut = Assert.Single(engine.Status(DateTimeOffset.UtcNow).Services).SigningBundleRunsOut;
        Assert.Equal(_current.Previous.Number + 19, TimePeriod.FromTime(runsOut!.Value.AddMinutes(-1)).Number);
        Assert.All(old.Bundle.Periods, p => Assert.True(p.Seed.ToArray().All(b => b == 0)));

        // A broken refresh (truncated): noticed, refused, the running bundle kept.
        var bytes = Bundle(_current.Previous, 5);
        ChangeAndReload(reloader, () => _site.ReplaceBundle(bytes[..(bytes.Length / 2)]), "the broken bundle's change");
        Assert.Contains("configuration NOT reloaded", _logged.ToString());
        Assert.Contains("cannot use the signing bundle", _logged.ToString());
        Assert.Equal(runsOut, Assert.Single(engine.Status(DateTimeOffset.UtcNow).Services).SigningBundleRunsOut);
    }

    [Fact]
    public void A_run_out_bundle_does_not_block_other_changes_signs_nothing_and_a_refresh_is_picked_up()
    {
        _site.WriteBundle(Bundle(_current.Previous, 3));
        _site.Config();
        var (engine, reloader, old) = Start();
        using var _ = reloader;

        // The bundle on disk has run out (here: an old one put back) and, separately, a backend is added.
        using var web2 = IdentitySecretKey.Generate();
        var ranOut = Bundle(_current.Previous.Previous.Previous, 2); // ended when _current.Previous began
        ChangeAndReload(reloader, () =>
        {
            _site.ReplaceBundle(ranOut);
            _site.Config(moreInstances: [web2.Address]);
        }, "the change");
        var log = _logged.ToString();
        Assert.DoesNotContain("configuration NOT reloaded", log);
        Assert.Contains("configuration reloaded: 1 service(s), 2 backend(s)", log);
        Assert.Contains($"ERROR service {_site.Front.Address}: the signing bundle {_site.BundlePath} cannot sign for the current period: the bundle ran out", log);
        var svc = Assert.Single(engine.Status(DateTimeOffset.UtcNow).Services);
        Assert.Equal(2, svc.Backends.Count);
        Assert.True(svc.SigningBundleRunsOut < DateTimeOffset.UtcNow);
        // The service now holds that bundle and nothing else (a bundle lacking the periods publishes nothing:
        // BundlePublishingTests); the one it ran before is gone, its seeds zeroed.
        lock (_engineLog)
            Assert.Contains(_engineLog, l => l.Contains($"signing with the bundle {_site.BundlePath} (periods {_current.Number - 3} to {_current.Number - 2},"));
        Assert.All(old.Bundle.Periods, p => Assert.True(p.Seed.ToArray().All(b => b == 0)));

        // A refreshed bundle dropped in is picked up like any change, without a word about running out.
        _logged.GetStringBuilder().Clear();
        ChangeAndReload(reloader, () => _site.ReplaceBundle(Bundle(_current.Previous, 10)), "the refresh");
        Assert.Contains("configuration reloaded", _logged.ToString());
        Assert.DoesNotContain("ERROR", _logged.ToString());
        Assert.True(Assert.Single(engine.Status(DateTimeOffset.UtcNow).Services).SigningBundleRunsOut > DateTimeOffset.UtcNow.AddDays(5));
    }

    [Fact]
    public void A_run_out_bundle_is_still_refused_at_start()
    {
        _site.WriteBundle(Bundle(_current.Previous.Previous.Previous, 2));
        var loaded = ConfigSet.Load(_site.Config());
        Assert.False(loaded.IsSuccess);
        Assert.Contains(loaded.Error!, p => p.Message.Contains("the bundle ran out"));
    }
}
