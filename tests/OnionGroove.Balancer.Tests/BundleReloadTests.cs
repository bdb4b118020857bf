using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Signing;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.TestSupport;

namespace OnionGroove.Balancer.Tests;

/// <summary>A refreshed signing bundle written over the old one is a configuration change (issue #12): the
/// file is watched, the reload replaces the running bundle and zeroes the old one's keys; a broken refresh
/// is refused and the running bundle kept.</summary>
public sealed class BundleReloadTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly IdentitySecretKey _front = IdentitySecretKey.Generate();
    private readonly IdentitySecretKey _back = IdentitySecretKey.Generate();
    // The daemon checks bundles against the clock: issue them around now.
    private readonly TimePeriod _current = TimePeriod.FromTime(DateTimeOffset.UtcNow);

    public void Dispose()
    {
        _dir.Dispose();
        _front.Dispose();
        _back.Dispose();
    }

    /// <summary>Replaces the bundle file the way `site certify --force` and Ansible do: a new file renamed over it.</summary>
    private void WriteBundle(byte[] bytes)
    {
        File.WriteAllBytes(_dir["site.signing-bundle.tmp"], bytes);
        File.Move(_dir["site.signing-bundle.tmp"], _dir["site.signing-bundle"], overwrite: true);
    }

    [Fact]
    public void A_bundle_written_over_the_old_one_is_detected_and_replaces_it()
    {
        WriteBundle(BundleTestKit.Bytes(_front, _current.Previous, 3, DateTimeOffset.UtcNow));
        File.WriteAllText(_dir["config.yaml"], $"services:\n  - key: site.signing-bundle\n    instances:\n      - address: {_back.Address}\n");
        var loaded = ConfigSet.Load(_dir["config.yaml"]);
        Assert.True(loaded.IsSuccess, string.Join("; ", loaded.Error ?? []));
        var (config, services) = loaded.Value;
        var oldBundle = Assert.IsType<BundleSigner>(services[0].Item2.Signer).Bundle;
        var engine = new BalancerEngine(new DescriptorCodec(), BalancerTimings.TestNetwork, _ => { });
        engine.ApplyConfig(services);
        var wakes = 0;
        var logged = new StringWriter();
        using var reloader = new ConfigReloader(config!, _dir["config.yaml"], engine, () => Interlocked.Increment(ref wakes), new DaemonLog(logged));
        reloader.WatchFile();

        WriteBundle(BundleTestKit.Bytes(_front, _current.Previous, 20, DateTimeOffset.UtcNow));
        Eventually.True(() => Volatile.Read(ref wakes) > 0, "the bundle's change is noticed", TimeSpan.FromSeconds(10));
        reloader.ReloadIfRequested();

        Assert.Contains("configuration reloaded", logged.ToString());
        var runsOut = Assert.Single(engine.Status(DateTimeOffset.UtcNow).Services).SigningBundleRunsOut;
        Assert.Equal(_current.Previous.Number + 19, TimePeriod.FromTime(runsOut!.Value.AddMinutes(-1)).Number);
        Assert.All(oldBundle.Periods, p => Assert.True(p.Seed.ToArray().All(b => b == 0)));

        // A broken refresh (truncated): noticed, refused, the running bundle kept.
        var before = Volatile.Read(ref wakes);
        var bytes = BundleTestKit.Bytes(_front, _current.Previous, 5, DateTimeOffset.UtcNow);
        WriteBundle(bytes[..(bytes.Length / 2)]);
        Eventually.True(() => Volatile.Read(ref wakes) > before, "the broken bundle's change is noticed", TimeSpan.FromSeconds(10));
        reloader.ReloadIfRequested();
        Assert.Contains("configuration NOT reloaded", logged.ToString());
        Assert.Contains("cannot use the signing bundle", logged.ToString());
        Assert.Equal(runsOut, Assert.Single(engine.Status(DateTimeOffset.UtcNow).Services).SigningBundleRunsOut);
    }
}
