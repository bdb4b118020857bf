using OnionGroove.Balancer.Backends;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using static OnionGroove.Balancer.Tests.EngineTestKit;

namespace OnionGroove.Balancer.Tests;

/// <summary>The backend tracker on its own: fetch schedule, which descriptors count, and change
/// detection by intro point sets rather than by the text tor served.</summary>
public class BackendTrackerTests
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);
    private static readonly FixedView View = EightHsDirs();

    /// <summary>The real codec, counting decodes.</summary>
    private sealed class CountingCodec : IDescriptorCodec
    {
        private readonly DescriptorCodec _inner = new();
        public int Decodes;
        public (BackendDescriptor? Descriptor, string? Error) DecodeBackend(string text, OnionAddress backend, ClientAuthSecretKey? clientKey,
            IReadOnlyList<TimePeriod> candidatePeriods, DateTimeOffset now)
        {
            Decodes++;
            return _inner.DecodeBackend(text, backend, clientKey, candidatePeriods, now);
        }
        public (string? Descriptor, string? Error) BuildFrontend(Signing.FrontendSigner signer, TimePeriod period,
            IReadOnlyList<Descriptors.SecondLayer.IntroductionPoint> introPoints, Descriptors.OuterLayer.RevisionCounter revisionCounter,
            IReadOnlyList<ClientAuthPublicKey> authorizedClients, DateTimeOffset now, Descriptors.SecondLayer.PowParams? pow = null) =>
            _inner.BuildFrontend(signer, period, introPoints, revisionCounter, authorizedClients, now, pow);
    }

    private static (BackendTracker Tracker, CountingCodec Codec, List<string> Log, ServiceId[] Frontends) Make(params IdentitySecretKey[] backends)
    {
        var codec = new CountingCodec();
        var log = new List<string>();
        var tracker = new BackendTracker(codec, log.Add);
        var frontends = new ServiceId[2];
        for (var i = 0; i < 2; i++)
        {
            using var frontend = IdentitySecretKey.Generate();
            frontends[i] = Id(frontend);
            using var keys = KeysFor(frontend);
            tracker.Configure(frontends[i], ConfigFor(backends), keys);
        }
        return (tracker, codec, log, frontends);
    }

    [Fact]
    public void A_backend_two_frontends_share_is_fetched_once_and_decoded_once_per_descriptor()
    {
        using var backend = IdentitySecretKey.Generate();
        var (tracker, codec, log, frontends) = Make(backend);
        Assert.Equal([Id(backend)], tracker.DueForFetch(Now, all: false, TimeSpan.FromMinutes(2)));
        Assert.Empty(tracker.DueForFetch(Now.AddMinutes(1), all: false, TimeSpan.FromMinutes(2)));
        Assert.Single(tracker.DueForFetch(Now.AddMinutes(1), all: true, TimeSpan.FromMinutes(2)));

        Assert.True(tracker.OnDescriptorContent(Id(backend), BackendDescriptorText(backend, [RandomIntro(1), RandomIntro(2)]), View, Now, Stale));
        Assert.Equal(1, codec.Decodes);
        Assert.Single(log, l => l.Contains("2 intro point(s)")); // once, not once per frontend
        Assert.All(frontends, f => Assert.Equal(2, Assert.Single(tracker.LiveOf(f, Now, Stale)).CurrentIntroPoints.Count));
    }

    [Fact]
    public void The_same_intro_points_in_another_order_or_revision_are_no_change()
    {
        using var backend = IdentitySecretKey.Generate();
        var (tracker, _, _, frontends) = Make(backend);
        var intros = new[] { RandomIntro(1), RandomIntro(2), RandomIntro(3) };
        Assert.True(tracker.OnDescriptorContent(Id(backend), BackendDescriptorText(backend, intros), View, Now, Stale));
        var before = BackendTracker.LiveSet(tracker.LiveOf(frontends[0], Now, Stale));

        Assert.False(tracker.OnDescriptorContent(Id(backend), BackendDescriptorText(backend, [.. intros.Reverse()], 2), View, Now.AddSeconds(1), Stale));
        Assert.Equal(before, BackendTracker.LiveSet(tracker.LiveOf(frontends[0], Now.AddSeconds(1), Stale)));

        // One intro point replaced: a change, and a different live set.
        Assert.True(tracker.OnDescriptorContent(Id(backend), BackendDescriptorText(backend, [intros[0], intros[1], RandomIntro(4)], 3), View, Now.AddSeconds(2), Stale));
        Assert.NotEqual(before, BackendTracker.LiveSet(tracker.LiveOf(frontends[0], Now.AddSeconds(2), Stale)));
    }

    [Fact]
    public void An_older_copy_an_hsdir_serves_does_not_replace_a_newer_one()
    {
        using var backend = IdentitySecretKey.Generate();
        var (tracker, _, _, frontends) = Make(backend);
        var newer = new[] { RandomIntro(1) };
        Assert.True(tracker.OnDescriptorContent(Id(backend), BackendDescriptorText(backend, newer, 5), View, Now, Stale));
        Assert.False(tracker.OnDescriptorContent(Id(backend), BackendDescriptorText(backend, [RandomIntro(2)], 4), View, Now.AddSeconds(1), Stale));
        var current = Assert.Single(tracker.Of(frontends[0])).Current!;
        Assert.Equal(5UL, current.RevisionCounter.Value);
    }

    [Fact]
    public void A_backend_goes_stale_and_a_removed_one_is_forgotten()
    {
        using var b0 = IdentitySecretKey.Generate();
        using var b1 = IdentitySecretKey.Generate();
        var (tracker, _, log, frontends) = Make(b0, b1);
        tracker.OnDescriptorContent(Id(b0), BackendDescriptorText(b0, [RandomIntro(1)]), View, Now, Stale);
        Assert.Single(tracker.LiveOf(frontends[0], Now + Stale, Stale));
        Assert.Empty(tracker.LiveOf(frontends[0], Now + Stale + TimeSpan.FromSeconds(1), Stale));

        using var frontend = IdentitySecretKey.Generate();
        using var keys = KeysFor(frontend);
        tracker.Configure(frontends[0], ConfigFor([b1]), keys);
        Assert.Equal([Id(b1)], tracker.Of(frontends[0]).Select(b => b.Id));
        Assert.Contains(log, l => l.Contains($"backend {Id(b0)} removed"));
        Assert.True(tracker.IsBackend(Id(b0))); // the other frontend still lists it
        tracker.Forget(frontends[1]);
        Assert.False(tracker.IsBackend(Id(b0)));
    }
}
