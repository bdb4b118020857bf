using System.Net;
using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Probe.Tests;

/// <summary>Real descriptors made by our builder (the one the balancer publishes with), for the checks.</summary>
internal static class TestDescriptors
{
    public static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    public static TimePeriod Period => TimePeriod.FromTime(Now);

    public static byte[] Build(IdentitySecretKey identity, int introPoints = 3, DateTimeOffset? now = null,
        Func<DescriptorBuildOptions, DescriptorBuildOptions>? edit = null)
    {
        var at = now ?? Now;
        var options = new DescriptorBuildOptions { RevisionCounter = new RevisionCounter(4242), Now = at };
        if (edit is not null) options = edit(options);
        var built = HsDescriptorBuilder.Build(identity, TimePeriod.FromTime(at), Enumerable.Range(0, introPoints).Select(IntroPoint).ToList(), options);
        return built.TryGet(out var d, out var error) ? d.Text : throw new InvalidOperationException(error.ToString());
    }

    public static PowParams Pow(DateTimeOffset expires, uint effort) =>
        new(PowParams.V1, RandomNumberGenerator.GetBytes(PowParams.SeedLength), effort, expires, []);

    private static IntroPointSpec IntroPoint(int i)
    {
        using var onion = X25519SecretKey.Generate();
        using var enc = X25519SecretKey.Generate();
        using var auth = DescriptorSigningKeypair.Generate();
        LinkSpecifier[] specs =
        [
            new LinkSpecifier.IPv4(IPAddress.Parse($"127.0.0.{i + 1}"), (ushort)(9000 + i)),
            new LinkSpecifier.LegacyId(RandomNumberGenerator.GetBytes(20)),
            new LinkSpecifier.Ed25519Id(RandomNumberGenerator.GetBytes(32)),
        ];
        return IntroPointSpec.Create(specs, onion.PublicKey, auth.PublicKey, enc.PublicKey);
    }
}
