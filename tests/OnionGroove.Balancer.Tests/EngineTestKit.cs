using OnionGroove.Descriptors.OuterLayer;
using System.Net;
using OnionGroove.Balancer.Selection;
using OnionGroove.Balancer.Tor;
using OnionGroove.Crypto;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.HsDir;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer.Tests;

/// <summary>What the engine tests stand on: a fixed clock and consensus view with eight HSDirs, and
/// intro points made of fresh real keys.</summary>
internal static class EngineTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    public static readonly TimePeriod Period = TimePeriod.FromTime(Now);

    /// <summary>A consensus view that never changes; counts how often slots are asked for (blinding
    /// the key per call is what the engine must not repeat every tick).</summary>
    public sealed class FixedView(IReadOnlyList<HsDirTarget> hsdirs) : INetworkView
    {
        public int SlotCalls;
        public DateTimeOffset ValidAfter => Now;
        public IReadOnlyList<TimePeriod> CandidatePeriods => [Period.Previous, Period, Period.Next];
        public IReadOnlyList<DescriptorSlot> SlotsFor(IdentityPublicKey identity)
        {
            Interlocked.Increment(ref SlotCalls);
            return [new DescriptorSlot(Period, hsdirs), new DescriptorSlot(Period.Next, hsdirs)];
        }
    }

    /// <summary>Eight HSDirs, every fourth one not serving the current period.</summary>
    public static FixedView EightHsDirs() =>
        new([.. Enumerable.Range(0, 8).Select(i => new HsDirTarget(HsDir(i), 0, i, i % 4 != 3))]);

    /// <summary>The i-th of 16 made-up HSDir fingerprints ("AAAA…", "BBBB…", …, "0000…", "1111…").</summary>
    public static HsDirId HsDir(int i) => HsDirId.Parse(new string("ABCDEF0123456789"[i], 40));

    /// <summary>The service id of a key, as the engine keys services and backends.</summary>
    public static ServiceId Id(IdentitySecretKey key) => new(key.Address);

    /// <summary>A backend's descriptor for <see cref="Period"/>, built and signed as tor would.</summary>
    public static string BackendDescriptorText(IdentitySecretKey key, IReadOnlyList<IntroPointSpec> intros, ulong revision = 1) =>
        HsDescriptorBuilder.Build(key, Period, intros, new DescriptorBuildOptions { RevisionCounter = new RevisionCounter(revision), Now = Now }).Value.AsString();

    /// <summary>Keys for one frontend with no client authorisation (a copy: the engine zeroes what it drops).</summary>
    public static Config.ServiceKeys KeysFor(IdentitySecretKey frontend)
    {
        var expanded = new byte[64];
        frontend.ExportExpanded(expanded);
        return new Config.ServiceKeys
        {
            Signer = Signing.FrontendSigner.FromIdentity(IdentitySecretKey.FromExpanded(expanded)),
            AuthorizedClients = [],
            BackendClientKeys = new Dictionary<ServiceId, ClientAuthSecretKey>(),
        };
    }

    /// <summary>A frontend configuration listing <paramref name="backends"/>.</summary>
    public static Config.ServiceConfig ConfigFor(IEnumerable<IdentitySecretKey> backends, Config.HealthCheckConfig? health = null) =>
        new(1, "/k", backends.Select((k, i) => new Config.InstanceConfig(2 + i, k.Address.ServiceId, $"b{i}", null)).ToList(), [], false, 0, 20, health);

    /// <summary>An intro point on a relay of its own (random legacy id), with fresh keys.</summary>
    public static IntroPointSpec RandomIntro(int n)
    {
        using var auth = DescriptorSigningKeypair.Generate();
        using var onion = X25519SecretKey.Generate();
        using var enc = X25519SecretKey.Generate();
        return IntroPointSpec.Create([new LinkSpecifier.IPv4(IPAddress.Loopback, (ushort)(9000 + n)), new LinkSpecifier.LegacyId(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20))],
            onion.PublicKey, auth.PublicKey, enc.PublicKey);
    }
}
